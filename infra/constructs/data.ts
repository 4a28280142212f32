import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  GLOBAL_INDEXES,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from '../../functions/adapters/dynamodb/table-definition';

export type HeraldDataProps = Record<string, never>;

/**
 * Herald's state: the one table (shape imported from table-definition.ts, so it cannot drift from
 * the access patterns) and the HMAC key that signs subscription tokens. Both outlive the stack:
 * losing the key would break every confirm and unsubscribe link already mailed.
 */
export class HeraldData extends Construct {
  readonly table: TableV2;
  readonly tokenSecret: Secret;

  constructor(scope: Construct, id: string, _props: HeraldDataProps = {}) {
    super(scope, id);

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      globalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'Herald: HMAC key for subscription confirm and unsubscribe tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the token key would invalidate every confirm and unsubscribe link already delivered ' +
        '(RFC 8058 one-click unsubscribe must keep working); the key never leaves Secrets Manager and Lambda.',
    });
  }
}
