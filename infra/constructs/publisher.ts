import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { bindBucket, bindPublishLock, bindTable } from './bindings';
import { HeraldFunction } from './herald-function';
import { consumeTableStream } from './table-stream-consumer';

export interface HeraldPublisherProps {
  table: ITableV2;
  siteBucket: Bucket;
  /** Variables from herald.config.json and the page URL. */
  environment: Record<string, string>;
}

/**
 * Keeps the site in step with the table: the publisher consumes the table's stream and rewrites
 * the pages a change touches; the rebuild function renders everything and runs during every
 * deployment that changes it (first publish: a fresh page is complete before its first
 * incident, and a new release re-renders all pages). No CloudFront invalidation: HTML and JSON
 * are cached for seconds.
 */
export class HeraldPublisher extends Construct {
  readonly publisher: HeraldFunction;
  readonly rebuild: HeraldFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: HeraldPublisherProps) {
    super(scope, id);

    this.publisher = new HeraldFunction(this, 'Publisher', {
      handler: 'publisher',
      description: 'Herald publisher: renders changed pages into the site bucket',
      memorySize: 1024,
      timeout: Duration.minutes(1),
      environment: props.environment,
    });
    bindTable({ fn: this.publisher, table: props.table, access: 'r' });
    bindPublishLock({ fn: this.publisher, table: props.table });
    bindBucket({ fn: this.publisher, bucket: props.siteBucket, access: 'w' });
    // A full rebuild holds the site lock for up to 5 minutes, and a publish waits 20 s for it before
    // its batch is retried: enough retries to outlast a rebuild (20 × 20 s), so no update is dropped.
    this.failures = consumeTableStream(this, 'Stream', { fn: this.publisher, table: props.table, batchSize: 100, retryAttempts: 20 });

    this.rebuild = new HeraldFunction(this, 'Rebuild', {
      handler: 'rebuild',
      description: 'Herald full rebuild: renders every page into the site bucket',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: props.environment,
    });
    bindTable({ fn: this.rebuild, table: props.table, access: 'r' });
    bindPublishLock({ fn: this.rebuild, table: props.table });
    // rw: a rebuild lists the bucket and reads its manifest, to upload only what differs.
    bindBucket({ fn: this.rebuild, bucket: props.siteBucket, access: 'rw' });

    new Trigger(this, 'FirstPublish', {
      handler: this.rebuild,
      invocationType: InvocationType.REQUEST_RESPONSE,
      timeout: Duration.minutes(5),
      executeOnHandlerChange: true,
    });
  }
}
