import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface HeraldFirewallProps {
  /**
   * Requests to /v1/* without an Authorization header, per client IP, in `rateWindowSeconds`
   * (AWS WAF's minimum is 10). @default 300 (one a second, averaged over five minutes)
   */
  anonymousApiLimit?: number;
  /** Every request to /v1/* per client IP (a fake Authorization header buys no more). @default 6000 */
  apiLimit?: number;
  /** @default 300 */
  rateWindowSeconds?: 60 | 120 | 300 | 600;
}

const CORE_RULE_SET = 'AWSManagedRulesCommonRuleSet';
const KNOWN_BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';

/**
 * Core rule set rules that look at request bodies and would refuse legitimate API calls: bodies
 * over 8 KB (the API accepts 64 KiB) and responders' free text (an incident message may quote
 * markup or a URL with an IP address). The rule group only counts them; rules below block them
 * where they are not legitimate.
 */
export const COUNTED_CORE_RULES = ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY', 'GenericRFI_BODY'] as const;
const coreLabel = (name: string) => `awswaf:managed:aws:core-rule-set:${name}`;

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const apiPath = {
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: '/v1/',
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
} satisfies CfnWebACL.StatementProperty;

/** The request carries a non-empty Authorization header (a responder's API key, or a claim of one). */
const hasAuthorization = {
  sizeConstraintStatement: {
    fieldToMatch: { singleHeader: { Name: 'authorization' } },
    comparisonOperator: 'GT',
    size: 0,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
} satisfies CfnWebACL.StatementProperty;

const not = (statement: CfnWebACL.StatementProperty): CfnWebACL.StatementProperty => ({ notStatement: { statement } });
const and = (...statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty => ({ andStatement: { statements } });
const or = (...statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty => ({ orStatement: { statements } });
const labelled = (name: string): CfnWebACL.StatementProperty => ({ labelMatchStatement: { scope: 'LABEL', key: coreLabel(name) } });

/**
 * AWS WAF in front of the distribution (a CLOUDFRONT-scope web ACL, so it must be created in
 * us-east-1): per-IP rate limits on the API, anonymous callers far tighter than responders (who
 * may share one NAT address), then AWS's core rule set and known-bad-inputs rule set. Pages and
 * feeds are served from the edge cache and are not rate limited.
 */
export class HeraldFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: HeraldFirewallProps = {}) {
    super(scope, id);
    const window = props.rateWindowSeconds ?? 300;

    const rules: CfnWebACL.RuleProperty[] = [
      {
        name: 'AnonymousApiRateLimit',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: props.anonymousApiLimit ?? 300,
            evaluationWindowSec: window,
            scopeDownStatement: and(apiPath, not(hasAuthorization)),
          },
        },
        visibilityConfig: visibility('HeraldAnonymousApiRateLimit'),
      },
      {
        name: 'ApiRateLimit',
        priority: 1,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: props.apiLimit ?? 6000,
            evaluationWindowSec: window,
            scopeDownStatement: apiPath,
          },
        },
        visibilityConfig: visibility('HeraldApiRateLimit'),
      },
      {
        name: CORE_RULE_SET,
        priority: 2,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: CORE_RULE_SET,
            ruleActionOverrides: COUNTED_CORE_RULES.map((name) => ({ name, actionToUse: { count: {} } })),
          },
        },
        visibilityConfig: visibility('HeraldCoreRuleSet'),
      },
      {
        // Large bodies are for the API only (the site answers GET and HEAD).
        name: 'LargeBodyOutsideApi',
        priority: 3,
        action: { block: {} },
        statement: and(labelled('SizeRestrictions_Body'), not(apiPath)),
        visibilityConfig: visibility('HeraldLargeBodyOutsideApi'),
      },
      {
        // Markup and URLs in a body are a responder's free text; from anyone else they are refused.
        name: 'SuspiciousBodyWithoutKey',
        priority: 4,
        action: { block: {} },
        statement: and(or(labelled('CrossSiteScripting_Body'), labelled('GenericRFI_Body')), not(hasAuthorization)),
        visibilityConfig: visibility('HeraldSuspiciousBodyWithoutKey'),
      },
      {
        name: KNOWN_BAD_INPUTS,
        priority: 5,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: KNOWN_BAD_INPUTS } },
        visibilityConfig: visibility('HeraldKnownBadInputs'),
      },
    ];

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Herald: per-IP API rate limits, AWS core rule set, known bad inputs',
      visibilityConfig: visibility('HeraldWebAcl'),
      rules,
    });
  }
}
