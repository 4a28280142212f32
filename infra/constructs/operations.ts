import { Duration, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface HeraldOperationsProps {
  /** Every Herald function, by a short name used in alarm descriptions. */
  functions: Record<string, LambdaFunction>;
  /** On-failure and dead-letter queues, by a short name. */
  failureQueues: Record<string, IQueue>;
  /** Stream consumers whose iterator age is the publish (or notify) lag, with a threshold each. */
  streamLag: { name: string; fn: LambdaFunction; threshold: Duration }[];
  httpApi: IHttpApi;
  /** Subscribed to the alarm topic when given (confirm the subscription mail SNS sends). */
  alarmEmail?: string;
}

/**
 * What an operator is woken for: work parked in a failure queue, function errors and throttles,
 * the page falling behind the table (stream iterator age), and API 5xx. Every alarm notifies the
 * operators' SNS topic when it fires and when it clears.
 */
export class HeraldOperations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: HeraldOperationsProps) {
    super(scope, id);

    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Herald alarms',
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and metric values. CloudWatch cannot publish to a topic ' +
        'encrypted with the AWS managed SNS key, and a customer managed key would cost more than the rest of the alarms.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number, periods = 1) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    for (const [name, queue] of Object.entries(props.failureQueues)) {
      alarm(
        `${name}FailuresAlarm`,
        `Herald: ${name} work gave up after its retries and is parked in ${name} failures (inspect and replay)`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        1,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}ErrorsAlarm`,
        `Herald: the ${name} function failed`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
      );
      alarm(
        `${name}ThrottlesAlarm`,
        `Herald: the ${name} function was throttled (account concurrency exhausted?)`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
      );
    }
    for (const { name, fn, threshold } of props.streamLag) {
      alarm(
        `${name}LagAlarm`,
        `Herald: ${name} is more than ${threshold.toHumanString()} behind the table`,
        fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold.toMilliseconds(),
        3,
      );
    }
    alarm(
      'Api5xxAlarm',
      'Herald: the responder API answered 5xx',
      props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      5,
    );
  }
}
