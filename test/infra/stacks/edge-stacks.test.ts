import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_BEARING_LOG_FIELDS } from '../../../infra/constructs/edge-access-logs';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

/** The app outside us-east-1: CloudFront's web ACL and log delivery move to two us-east-1 stacks. */
describe('Herald outside us-east-1', () => {
  let herald: SynthesizedHerald;
  let edgeFirewall: Template;
  let edgeLogs: Template;
  beforeAll(() => {
    herald = synthHerald({ context: { region: 'eu-west-1' } });
    edgeFirewall = Template.fromStack(herald.stacks.edgeFirewall!);
    edgeLogs = Template.fromStack(herald.stacks.edgeLogs!);
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('keeps the data and app stacks in the configured region and puts the edge stacks in us-east-1', () => {
    const { data, app, edgeFirewall: firewall, edgeLogs: logs } = herald.stacks;
    expect([data.region, app.region, firewall?.region, logs?.region]).toEqual(['eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1']);
  });

  it('deploys the web ACL before the app stack and the log delivery after it', () => {
    const { app, edgeFirewall: firewall, edgeLogs: logs } = herald.stacks;
    expect(app.dependencies).toContain(firewall);
    expect(logs?.dependencies).toContain(app);
  });

  it('protects the distribution with the us-east-1 web ACL, read across regions', () => {
    edgeFirewall.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    herald.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    herald.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: herald.stacks.edgeFirewall!.stackName, Region: 'us-east-1' }) },
      }),
    });
  });

  it('delivers the distribution\'s access logs from us-east-1, still without query strings or Referer', () => {
    herald.template.resourceCountIs('AWS::Logs::DeliverySource', 0);
    edgeLogs.hasResourceProperties('AWS::Logs::DeliverySource', { LogType: 'ACCESS_LOGS' });
    const [delivery] = Object.values(edgeLogs.findResources('AWS::Logs::Delivery')) as { Properties: { RecordFields: string[] } }[];
    expect(delivery!.Properties.RecordFields).toContain('cs-uri-stem');
    expect(delivery!.Properties.RecordFields.filter((field) => (TOKEN_BEARING_LOG_FIELDS as readonly string[]).includes(field))).toEqual([]);
  });

  it('needs no region assertion in the app stack', () => {
    expect(herald.template.toJSON().Rules ?? {}).not.toHaveProperty(['DeployedInUsEast1']);
  });

  it('creates no edge stacks when the app is in us-east-1', () => {
    const plain = synthHerald();
    try {
      expect([plain.stacks.edgeFirewall, plain.stacks.edgeLogs]).toEqual([undefined, undefined]);
    } finally {
      plain.dispose();
    }
  });
});
