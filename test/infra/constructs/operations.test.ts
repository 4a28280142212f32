import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const ALARM = 'AWS::CloudWatch::Alarm';
const FUNCTIONS = ['Api', 'Publisher', 'Rebuild', 'Mailer', 'Bounces', 'Scheduler', 'Channels'];
const notifiesTopic = {
  AlarmActions: [{ Ref: Match.stringLikeRegexp('^OperationsAlarmTopic') }],
  OKActions: [{ Ref: Match.stringLikeRegexp('^OperationsAlarmTopic') }],
};

describe('HeraldOperations', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald({ context: { alarmEmail: 'oncall@example.com' } });
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('alarms as soon as a failure queue holds a message', () => {
    herald.template.resourcePropertiesCountIs(
      ALARM,
      { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1, Statistic: 'Maximum', ...notifiesTopic },
      // Publisher, Mailer, Bounces, Scheduler, and the channels' stream and sweep.
      6,
    );
  });

  it('alarms on errors of every function', () => {
    herald.template.resourcePropertiesCountIs(
      ALARM,
      { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1, ...notifiesTopic },
      FUNCTIONS.length,
    );
  });

  it('alarms on throttles of every function', () => {
    herald.template.resourcePropertiesCountIs(
      ALARM,
      { MetricName: 'Throttles', Namespace: 'AWS/Lambda', Threshold: 1, ...notifiesTopic },
      FUNCTIONS.length,
    );
  });

  it('alarms when the publisher is a minute behind the table (publish lag)', () => {
    herald.template.hasResourceProperties(ALARM, {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^Publisher') } }],
      Threshold: 60_000,
      EvaluationPeriods: 3,
      ...notifiesTopic,
    });
  });

  it('alarms when webhook, Slack and Teams deliveries are five minutes behind the table', () => {
    herald.template.hasResourceProperties(ALARM, {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ChannelsHandler') } }],
      Threshold: 300_000,
      EvaluationPeriods: 3,
      ...notifiesTopic,
    });
  });

  it('alarms on API 5xx', () => {
    herald.template.hasResourceProperties(ALARM, { MetricName: '5xx', Namespace: 'AWS/ApiGateway', ...notifiesTopic });
  });

  it('does not page for missing data', () => {
    herald.template.allResourcesProperties(ALARM, { TreatMissingData: 'notBreaching' });
  });

  it('accepts only TLS publishes on the alarm topic', () => {
    herald.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes the alarm email from context', () => {
    herald.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });
});
