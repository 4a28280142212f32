import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const SCHEDULE = 'AWS::Scheduler::Schedule';

describe('HeraldScheduler', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('runs the scheduler function every minute with EventBridge Scheduler', () => {
    herald.template.hasResourceProperties(SCHEDULE, {
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulerHandler'), 'Arn'] } }),
    });
  });

  it('bounds retries of a tick and parks failed ticks in a queue', () => {
    herald.template.hasResourceProperties(SCHEDULE, {
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulerFailures'), 'Arn'] } },
      }),
    });
  });

  it('passes the tick\'s scheduled time in a ScheduledEvent shape', () => {
    herald.template.hasResourceProperties(SCHEDULE, {
      Target: Match.objectLike({
        Input: Match.serializedJson(
          Match.objectLike({ 'detail-type': 'Scheduled Event', time: '<aws.scheduler.scheduled-time>' }),
        ),
      }),
    });
  });

  it('finishes a tick before the next one starts', () => {
    herald.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Herald scheduler'),
      Timeout: 50,
    });
  });
});
