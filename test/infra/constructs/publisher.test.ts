import { Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys';
import { REPO_ROOT } from '../../../infra/config';
import { PUBLISH_LOCK_ACTIONS } from '../../../infra/constructs/bindings';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const POLICY = 'AWS::IAM::Policy';
const policyOf = (role: string, statement: object) => ({
  Roles: [{ Ref: Match.stringLikeRegexp(`^${role}ServiceRole`) }],
  PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
});

describe('HeraldPublisher', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('runs the full rebuild during the deployment and fails the deployment if it fails', () => {
    herald.template.hasResourceProperties('Custom::Trigger', {
      HandlerArn: { Ref: Match.stringLikeRegexp('^PublisherRebuildCurrentVersion') },
      InvocationType: 'RequestResponse',
      ExecuteOnHandlerChange: true,
    });
  });

  it('gives the rebuild time to render every page', () => {
    herald.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('full rebuild'),
      Timeout: 300,
    });
  });

  it('retries a publish that waited on the lock long enough to outlast a 5-minute rebuild', () => {
    const mappings = Object.values(herald.template.findResources('AWS::Lambda::EventSourceMapping')) as { Properties: { FunctionName: { Ref?: string }; MaximumRetryAttempts: number } }[];
    const publisher = mappings.find((m) => /^Publisher[0-9A-F]{8}$/.test(m.Properties.FunctionName.Ref ?? ''));
    expect(publisher).toBeDefined();
    // Each attempt waits 20 s for the site lock; the rebuild may hold it for 300 s.
    expect(publisher!.Properties.MaximumRetryAttempts * 20).toBeGreaterThan(300);
  });

  it('lets the publisher read the table and each of its indexes by name', () => {
    herald.template.hasResourceProperties(POLICY, policyOf('Publisher', {
      Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:Query']),
      Resource: [
        Match.anyValue(),
        { 'Fn::Join': ['', [Match.anyValue(), '/index/gsi1']] },
        { 'Fn::Join': ['', [Match.anyValue(), '/index/gsi2']] },
      ],
    }));
  });

  it('lets the publisher and the rebuild write the publish-lock item, and only that partition', () => {
    for (const role of ['Publisher', 'PublisherRebuild']) {
      herald.template.hasResourceProperties(POLICY, policyOf(role, {
        Action: PUBLISH_LOCK_ACTIONS.length === 1 ? PUBLISH_LOCK_ACTIONS[0] : PUBLISH_LOCK_ACTIONS,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.publishLock().pk] } },
      }));
    }
  });

  it('allows every write the publish lock adapter makes (a missing action fails only in AWS)', () => {
    // Prepare: the DynamoDB commands the adapter sends, read from its source.
    const source = readFileSync(join(REPO_ROOT, 'functions/adapters/dynamodb/publish-lock.ts'), 'utf8');
    const commands = new Set([...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]!));
    // Assess: each write command is an allowed action, and nothing else is allowed.
    const actions = [...commands].filter((name) => !['Get', 'Query', 'Scan', 'BatchGet'].includes(name)).map((name) => `dynamodb:${name}Item`);
    expect(actions.length).toBeGreaterThan(0);
    expect([...PUBLISH_LOCK_ACTIONS].sort()).toEqual(actions.sort());
  });

  it('never lets the publisher write any other item', () => {
    herald.template.hasResourceProperties(POLICY, {
      Roles: [{ Ref: Match.stringLikeRegexp('^PublisherServiceRole') }],
      PolicyDocument: {
        Statement: Match.not(
          Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['dynamodb:PutItem']), Condition: Match.absent() })]),
        ),
      },
    });
  });

  it('lets the publisher put and delete objects in the site bucket, without wildcard actions', () => {
    herald.template.hasResourceProperties(POLICY, policyOf('Publisher', {
      Action: ['s3:DeleteObject', 's3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingSiteBucket'), 'Arn'] }, '/*']] },
    }));
  });

  it('tells the publisher its bucket, table and page URL', () => {
    herald.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Herald publisher'),
      Environment: {
        Variables: Match.objectLike({
          SITE_BUCKET: { Ref: Match.stringLikeRegexp('^HostingSiteBucket') },
          TABLE_NAME: Match.anyValue(),
          PAGE_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingDistribution'), 'DomainName'] }]] },
        }),
      },
    });
  });
});
