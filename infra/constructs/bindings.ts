// Grants and environment variables bound together: a function that is given a resource's name
// is given exactly the access it needs to it, in one call, so neither can be forgotten. The
// statements are written out rather than taken from grant*() so that they hold no wildcard
// actions and name each index (from table-definition.ts) instead of `index/*`.
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { GLOBAL_INDEXES } from '../../functions/adapters/dynamodb/table-definition';

/** How cdk-nag names `Fn::GetAtt [resource, Arn]` in a finding: `<LogicalId.Arn>`. */
export function nagArn(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnElement;
  return `<${Stack.of(cfn).getLogicalId(cfn)}.Arn>`;
}

export const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
/** Transactions are authorised per item by these same actions. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

export interface BindTableProps {
  fn: LambdaFunction;
  table: ITableV2;
  /** `r`: reads and queries; `rw`: plus writes and transactions. */
  access: 'r' | 'rw';
}

/** TABLE_NAME plus read (or read-write) access to the table and each of its indexes. */
export function bindTable({ fn, table, access }: BindTableProps): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  const readResources = [table.tableArn, ...GLOBAL_INDEXES.map((index) => `${table.tableArn}/index/${index.indexName}`)];
  fn.addToRolePolicy(new PolicyStatement({ actions: TABLE_READ_ACTIONS, resources: readResources }));
  if (access === 'rw') {
    fn.addToRolePolicy(new PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [table.tableArn] }));
  }
}

/**
 * The writes functions/adapters/dynamodb/publish-lock.ts makes to the lock item: conditional
 * updates only (take the lease and bump the fence, renew it, release it).
 */
export const PUBLISH_LOCK_ACTIONS = ['dynamodb:UpdateItem'];

/**
 * Writes to the one item that serialises publishers (the publish lock, whose key comes from
 * keys.ts): a read-only function that must take the lock gets PUBLISH_LOCK_ACTIONS on that
 * partition and nothing else.
 */
export function bindPublishLock({ fn, table }: Omit<BindTableProps, 'access'>): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: PUBLISH_LOCK_ACTIONS,
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.publishLock().pk] } },
    }),
  );
}

export interface BindBucketProps {
  fn: LambdaFunction;
  bucket: Bucket;
  /** `w`: put and delete objects; `rw`: plus get and list (a full rebuild prunes what it no longer writes). */
  access: 'w' | 'rw';
}

/** SITE_BUCKET plus write (or read-write) access to the site bucket's objects. */
export function bindBucket({ fn, bucket, access }: BindBucketProps): void {
  fn.addEnvironment('SITE_BUCKET', bucket.bucketName);
  const objects = bucket.arnForObjects('*');
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [objects] }));
  if (access === 'rw') {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  }
  Validations.of(fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagArn(bucket)}/*]`,
    reason: 'The publisher writes any page of the site (incident pages are named by id), so it needs every key of this one bucket.',
  });
}

export interface BindSecretProps {
  fn: LambdaFunction;
  secret: ISecret;
}

/** TOKEN_SECRET_NAME (the secret's ARN, which GetSecretValue accepts as SecretId) plus read access to it. */
export function bindTokenSecret({ fn, secret }: BindSecretProps): void {
  fn.addEnvironment('TOKEN_SECRET_NAME', secret.secretArn);
  secret.grantRead(fn);
}

/** The variable the API reads the origin-verify secret's ARN from (functions/adapters/secrets/aws-origin-secret.ts). */
export const ORIGIN_VERIFY_SECRET_ENV = 'HERALD_ORIGIN_VERIFY_SECRET_ARN';

/**
 * HERALD_ORIGIN_VERIFY_SECRET_ARN plus secretsmanager:GetSecretValue on that one secret (nothing
 * else: not DescribeSecret, not the secret's other versions' metadata). The secret is encrypted
 * with the AWS managed key, which needs no grant of its own.
 */
export function bindOriginVerifySecret({ fn, secret }: BindSecretProps): void {
  fn.addEnvironment(ORIGIN_VERIFY_SECRET_ENV, secret.secretArn);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
}
