import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTED_CORE_RULES } from '../../../infra/constructs/firewall';
import { createHeraldStacks } from '../../../infra/stacks/herald';
import { cdkJsonContext, synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const WEB_ACL = 'AWS::WAFv2::WebACL';
const rule = (properties: object) => ({ Rules: Match.arrayWith([Match.objectLike(properties)]) });
const apiPath = {
  ByteMatchStatement: Match.objectLike({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/v1/' }),
};
const hasAuthorization = {
  SizeConstraintStatement: Match.objectLike({
    FieldToMatch: { SingleHeader: { Name: 'authorization' } },
    ComparisonOperator: 'GT',
    Size: 0,
  }),
};

describe('HeraldFirewall', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('is a CloudFront-scope web ACL that allows what no rule blocks', () => {
    herald.template.hasResourceProperties(WEB_ACL, { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('protects the distribution', () => {
    herald.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] } }),
    });
  });

  it('limits API requests without an Authorization header per IP, so responders behind one NAT are not counted', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Name: 'AnonymousApiRateLimit',
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: 300,
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            AndStatement: { Statements: [apiPath, { NotStatement: { Statement: hasAuthorization } }] },
          },
        },
      },
    }));
  });

  it('limits every API caller per IP far above what responders send, so a made-up Authorization header buys little', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Name: 'ApiRateLimit',
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 6000, EvaluationWindowSec: 300, ScopeDownStatement: apiPath } },
    }));
  });

  it('applies the AWS managed core rule set', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) },
      OverrideAction: { None: {} },
    }));
  });

  it('only counts the core rules that would refuse 64 KiB API bodies or a responder\'s free text', () => {
    expect(COUNTED_CORE_RULES).toContain('SizeRestrictions_BODY');
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Statement: {
        ManagedRuleGroupStatement: Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: COUNTED_CORE_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
        }),
      },
    }));
  });

  it('still blocks large bodies outside /v1', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Name: 'LargeBodyOutsideApi',
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [
            { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' } },
            { NotStatement: { Statement: apiPath } },
          ],
        },
      },
    }));
  });

  it('still blocks markup and remote-file URLs in bodies sent without an API key', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Name: 'SuspiciousBodyWithoutKey',
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [
            {
              OrStatement: {
                Statements: [
                  { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body' } },
                  { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:GenericRFI_Body' } },
                ],
              },
            },
            { NotStatement: { Statement: hasAuthorization } },
          ],
        },
      },
    }));
  });

  it('applies the AWS managed known-bad-inputs rule set', () => {
    herald.template.hasResourceProperties(WEB_ACL, rule({
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
      OverrideAction: { None: {} },
    }));
  });

  it('evaluates the label rules after the rule group that sets the labels', () => {
    const [acl] = Object.values(herald.template.findResources(WEB_ACL)) as { Properties: { Rules: { Name: string; Priority: number }[] } }[];
    const priority = Object.fromEntries(acl!.Properties.Rules.map((r) => [r.Name, r.Priority]));
    expect(priority.LargeBodyOutsideApi).toBeGreaterThan(priority.AWSManagedRulesCommonRuleSet!);
    expect(priority.SuspiciousBodyWithoutKey).toBeGreaterThan(priority.AWSManagedRulesCommonRuleSet!);
    expect(new Set(Object.values(priority)).size).toBe(acl!.Properties.Rules.length);
  });

  it('is created in us-east-1 even when the app runs elsewhere (a CLOUDFRONT web ACL exists only there)', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stacks = createHeraldStacks(app, { ...herald.settings, region: 'eu-west-1' });
    expect(stacks.edgeFirewall?.region).toBe('us-east-1');
    Template.fromStack(stacks.edgeFirewall!).hasResourceProperties(WEB_ACL, { Scope: 'CLOUDFRONT' });
    Template.fromStack(stacks.app).resourceCountIs(WEB_ACL, 0);
  });
});
