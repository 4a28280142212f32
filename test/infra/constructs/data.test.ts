import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GLOBAL_INDEXES,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../../functions/adapters/dynamodb/table-definition';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const TABLE = 'AWS::DynamoDB::GlobalTable';

describe('HeraldData', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('keys the table with the partition and sort keys of table-definition.ts', () => {
    herald.data.hasResourceProperties(TABLE, {
      KeySchema: [
        { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
        { AttributeName: SORT_KEY, KeyType: 'RANGE' },
      ],
    });
  });

  it('creates exactly the global indexes of table-definition.ts, projecting all attributes', () => {
    herald.data.hasResourceProperties(TABLE, {
      GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('bills on demand', () => {
    herald.data.hasResourceProperties(TABLE, { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('streams new and old images', () => {
    herald.data.hasResourceProperties(TABLE, { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('expires items by the TTL attribute of table-definition.ts', () => {
    herald.data.hasResourceProperties(TABLE, {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('enables point-in-time recovery', () => {
    herald.data.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('protects the table against deletion', () => {
    herald.data.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
  });

  it('retains the table when it leaves the template', () => {
    herald.data.hasResource(TABLE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('generates the subscription-token key in Secrets Manager', () => {
    herald.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it('retains the token key, without which mailed links stop working', () => {
    herald.data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('protects the data stack from termination', () => {
    expect(herald.stacks.data.terminationProtection).toBe(true);
  });

  it('outputs the table name, for creating responder API keys', () => {
    herald.data.hasOutput('TableName', { Value: { Ref: Match.stringLikeRegexp('^DataTable') } });
  });

  it('keeps everything stateless out of the data stack', () => {
    expect(Object.keys(herald.data.toJSON().Resources)).toHaveLength(2);
  });
});
