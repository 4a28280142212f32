import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindTable, nagArn } from './bindings';
import { createFailureQueue } from './failure-queue';
import { HeraldFunction } from './herald-function';
import { consumeTableStream } from './table-stream-consumer';

export interface HeraldChannelsProps {
  table: ITableV2;
  /** Variables from herald.config.json and the page URL. */
  environment: Record<string, string>;
}

/**
 * Channel delivery (webhooks, Slack, Teams): a table-stream consumer that records each change's
 * deliveries and sends them (functions/channels/), and, every minute, EventBridge Scheduler
 * invoking the same function for the retries that fell due. Outbound HTTPS only, through the SSRF
 * guard; no VPC.
 */
export class HeraldChannels extends Construct {
  readonly handler: HeraldFunction;
  readonly streamFailures: Queue;
  readonly sweepFailures: Queue;

  constructor(scope: Construct, id: string, props: HeraldChannelsProps) {
    super(scope, id);

    this.handler = new HeraldFunction(this, 'Handler', {
      handler: 'channels',
      description: 'Herald channels: webhook, Slack and Teams delivery with retries',
      memorySize: 512,
      // Attempts time out at 10 s and run 32 endpoints at once: a batch of changes to a few
      // thousand endpoints fits; what does not is left to the next sweep.
      timeout: Duration.minutes(5),
      environment: props.environment,
    });
    bindTable({ fn: this.handler, table: props.table, access: 'rw' });
    this.streamFailures = consumeTableStream(this, 'Stream', { fn: this.handler, table: props.table, batchSize: 25 });

    this.sweepFailures = createFailureQueue(this, 'SweepFailures');
    const role = new Role(this, 'InvokeRole', {
      description: 'Herald: lets EventBridge Scheduler invoke the channels function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(this.handler)}:*]`,
      reason: 'lambda:InvokeFunction on this one function and its versions (grantInvoke adds the :* qualifier form).',
    });
    new Schedule(this, 'RetrySweep', {
      description: 'Herald: channel delivery retries that fell due, every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler, {
        role,
        input: ScheduleTargetInput.fromObject({ sweep: true }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        deadLetterQueue: this.sweepFailures,
      }),
    });
  }
}
