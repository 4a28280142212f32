import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
