import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { createFailureQueue } from './failure-queue';

export interface TableStreamConsumerProps {
  fn: LambdaFunction;
  table: ITableV2;
  /** @default 100 */
  batchSize?: number;
  /** @default 5 */
  retryAttempts?: number;
  /** @default one hour */
  maxRecordAge?: Duration;
}

/**
 * Subscribes a function to the table's stream with bounded failure handling: the handler reports
 * the records it could not process (ReportBatchItemFailures), a failing batch is split in two to
 * isolate a poison record, retries and record age are capped, and what is left over goes to an
 * on-failure SQS queue instead of blocking the shard. Returns that queue.
 */
export function consumeTableStream(scope: Construct, id: string, props: TableStreamConsumerProps): Queue {
  const failures = createFailureQueue(scope, `${id}Failures`);
  props.fn.addEventSource(
    new DynamoEventSource(props.table, {
      // TRIM_HORIZON: a mapping (re)created after writes began still sees them; the handlers are
      // idempotent (publisher re-renders, mailer keeps a send ledger), so a replay sends nothing twice.
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 100,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 5,
      maxRecordAge: props.maxRecordAge ?? Duration.hours(1),
      parallelizationFactor: 1, // in order per shard: a later state never loses to an earlier one
      onFailure: new SqsDlq(failures),
    }),
  );
  return failures;
}
