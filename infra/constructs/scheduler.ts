import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindTable, nagArn } from './bindings';
import { createFailureQueue } from './failure-queue';
import { HeraldFunction } from './herald-function';

export interface HeraldSchedulerProps {
  table: ITableV2;
  /** Variables from herald.config.json and the page URL. */
  environment: Record<string, string>;
}

/**
 * Time-driven work: every minute EventBridge Scheduler runs the scheduler function, which starts
 * and completes maintenance windows on time and records update-cadence reminders. A missed tick
 * is retried briefly and then dropped into a failure queue: the next tick catches up anyway.
 */
export class HeraldScheduler extends Construct {
  readonly handler: HeraldFunction;
  readonly schedule: Schedule;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: HeraldSchedulerProps) {
    super(scope, id);

    this.handler = new HeraldFunction(this, 'Handler', {
      handler: 'scheduler',
      description: 'Herald scheduler: maintenance windows and update-cadence reminders',
      timeout: Duration.seconds(50), // finishes before the next tick
      environment: props.environment,
    });
    bindTable({ fn: this.handler, table: props.table, access: 'rw' });

    this.failures = createFailureQueue(this, 'Failures');
    const role = new Role(this, 'InvokeRole', {
      description: 'Herald: lets EventBridge Scheduler invoke the scheduler function',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(this.handler)}:*]`,
      reason: 'lambda:InvokeFunction on this one function and its versions (grantInvoke adds the :* qualifier form).',
    });
    this.schedule = new Schedule(this, 'EveryMinute', {
      description: 'Herald: maintenance windows and reminders, every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler, {
        role,
        // The shape of an EventBridge scheduled event (aws-lambda's ScheduledEvent), with the tick's
        // scheduled time rather than its delivery time: a retried tick still knows which minute it is.
        input: ScheduleTargetInput.fromObject({
          version: '0',
          id: ContextAttribute.executionId,
          'detail-type': 'Scheduled Event',
          source: 'aws.scheduler',
          time: ContextAttribute.scheduledTime,
          resources: [ContextAttribute.scheduleArn],
          detail: { attempt: ContextAttribute.attemptNumber },
        }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: this.failures,
      }),
    });
  }
}
