import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthHerald, type SynthesizedHerald } from './support/synth-herald';

/** `rule: construct paths`, one line per violation, so a failure says what to fix. */
function violationsOf(herald: SynthesizedHerald): string[] {
  const report = new AwsSolutionsChecks(herald.app).validateScope(herald.app);
  return report.violations.map(
    (violation) =>
      `${violation.severity} ${violation.ruleName}: ${violation.violatingResources
        .map((resource) => ('constructPath' in resource ? resource.constructPath : resource.resourceLogicalId))
        .join(', ')}`,
  );
}

describe('cdk-nag AwsSolutions', () => {
  let plain: SynthesizedHerald;
  let full: SynthesizedHerald;
  let elsewhere: SynthesizedHerald;
  beforeAll(() => {
    elsewhere = synthHerald({ context: { region: 'eu-west-1' } });
    plain = synthHerald({ validate: true });
    full = synthHerald({
      context: {
        domainName: 'status.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
        hostedZoneId: 'Z0000000000000000000',
        hostedZoneName: 'example.com',
        alarmEmail: 'oncall@example.com',
        sesIdentity: 'create',
        account: '123456789012',
      },
    });
  });
  afterAll(() => {
    plain?.dispose(); full?.dispose(); elsewhere?.dispose();
  });

  it('reports no unacknowledged error or warning for the default deployment', () => {
    expect(violationsOf(plain)).toEqual([]);
  });

  it('reports no unacknowledged error or warning with every option from context', () => {
    expect(violationsOf(full)).toEqual([]);
  });

  it('reports no unacknowledged error or warning with the app outside us-east-1 (edge stacks)', () => {
    expect(violationsOf(elsewhere)).toEqual([]);
  });

  it('passes the CDK\'s built-in CloudFormation template rules', () => {
    const report = JSON.parse(readFileSync(join(plain.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('justifies every acknowledged rule in a sentence', () => {
    const reasons = plain.app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter((reason) => reason.trim().length < 40)).toEqual([]);
  });
});
