// Grants and environment variables bound together: a function that is given a resource's name
// is given exactly the access it needs to it, in one call, so neither can be forgotten.
import { Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';

export interface BindTableProps {
  fn: LambdaFunction;
  table: ITableV2;
  /** `r`: reads and queries; `rw`: plus writes and transactions. */
  access: 'r' | 'rw';
}

/** TABLE_NAME plus read (or read-write) access to the table and its indexes. */
export function bindTable({ fn, table, access }: BindTableProps): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  if (access === 'rw') table.grantReadWriteData(fn);
  else table.grantReadData(fn);
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::<DataTable1A2B3C4D.Arn>/index/*]',
    reason: 'Access patterns query the table\'s global secondary indexes (table-definition.ts), whose ARNs end in /index/<name>.',
  });
}

export interface BindBucketProps {
  fn: LambdaFunction;
  bucket: IBucket;
  /** `w`: put and delete objects; `rw`: plus get and list (a full rebuild prunes what it no longer writes). */
  access: 'w' | 'rw';
}

/** SITE_BUCKET plus write (or read-write) access to the site bucket's objects. */
export function bindBucket({ fn, bucket, access }: BindBucketProps): void {
  fn.addEnvironment('SITE_BUCKET', bucket.bucketName);
  if (access === 'rw') bucket.grantReadWrite(fn);
  else bucket.grantWrite(fn);
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
