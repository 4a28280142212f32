import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where work that exhausted its bounded retries lands (stream batches, events, schedules):
 * encrypted, TLS only, kept 14 days for an operator to inspect and replay. The operations
 * construct alarms as soon as one holds a message.
 */
export function createFailureQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the terminal failure destination (Lambda on-failure destination, EventBridge or ' +
      'Scheduler dead-letter queue); nothing consumes it automatically, so it needs no dead-letter queue of its own.',
  });
  return queue;
}
