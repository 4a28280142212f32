import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile, resolveSettings } from '../../../infra/config';
import { createHeraldStacks } from '../../../infra/stacks/herald';
import { cdkJsonContext, synthHerald, type SynthesizedHerald } from '../support/synth-herald';

describe('AppStack', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('outputs the page URL (the CloudFront domain without a custom domain)', () => {
    herald.template.hasOutput('PageUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingDistribution'), 'DomainName'] }]] },
    });
  });

  it('outputs the API URL at the page\'s own origin', () => {
    herald.template.hasOutput('ApiUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingDistribution'), 'DomainName'] }, '/v1']] },
    });
  });

  it('outputs the alarm topic for operators to subscribe to', () => {
    herald.template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('^OperationsAlarmTopic') } });
  });

  it('deploys after the data stack', () => {
    expect(herald.stacks.app.dependencies).toContain(herald.stacks.data);
  });

  it('reads the table through the data stack\'s outputs, so a refactor here never touches the table', () => {
    herald.data.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataTable'), 'StreamArn'] } });
  });

  it('names the stacks after the prefix from context', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stacks = createHeraldStacks(app, { ...herald.settings, stackPrefix: 'Acme' });
    expect([stacks.data.stackName, stacks.app.stackName]).toEqual(['Acme-Data', 'Acme-App']);
  });
});

describe('AppStack region', () => {
  const synthFor = (region: string | undefined) => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const settings = resolveSettings(loadConfigFile(), () => undefined);
    return createHeraldStacks(app, { ...settings, region });
  };

  it('asserts us-east-1 when CloudFormation runs an environment-agnostic template', () => {
    const rules = Template.fromStack(synthFor(undefined).app).toJSON().Rules as Record<string, unknown>;
    expect(rules.DeployedInUsEast1).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
          AssertDescription: expect.stringContaining('must be deployed in us-east-1'),
        },
      ],
    });
  });

  it('needs no assertion when the template is for us-east-1', () => {
    expect(Template.fromStack(synthFor('us-east-1').app).toJSON().Rules ?? {}).not.toHaveProperty(['DeployedInUsEast1']);
  });

});
