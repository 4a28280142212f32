import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const MAPPING = 'AWS::Lambda::EventSourceMapping';
/** Every stream consumer gets the same failure handling. */
const bothConsumers = (properties: object) => [
  { FunctionName: { Ref: Match.stringLikeRegexp('^Publisher') }, ...properties },
  { FunctionName: { Ref: Match.stringLikeRegexp('^MailMailer') }, ...properties },
  { FunctionName: { Ref: Match.stringLikeRegexp('^ChannelsHandler') }, ...properties },
];

describe('consumeTableStream', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('subscribes the publisher, the mailer and the channel worker, and only them, to the table stream', () => {
    herald.template.resourceCountIs(MAPPING, 3);
  });

  it('reads the stream of the data stack\'s table', () => {
    for (const props of bothConsumers({ EventSourceArn: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('StreamArn') }) }) })) {
      herald.template.hasResourceProperties(MAPPING, props);
    }
  });

  it('lets the handler report the records it failed (ReportBatchItemFailures)', () => {
    for (const props of bothConsumers({ FunctionResponseTypes: ['ReportBatchItemFailures'] })) {
      herald.template.hasResourceProperties(MAPPING, props);
    }
  });

  it('bisects a failing batch to isolate a poison record', () => {
    for (const props of bothConsumers({ BisectBatchOnFunctionError: true })) {
      herald.template.hasResourceProperties(MAPPING, props);
    }
  });

  it('bounds retries and record age', () => {
    // The publisher retries longer: it must outlast a full rebuild holding the site lock.
    herald.template.hasResourceProperties(MAPPING, { FunctionName: { Ref: Match.stringLikeRegexp('^Publisher') }, MaximumRetryAttempts: 20, MaximumRecordAgeInSeconds: 3600 });
    herald.template.hasResourceProperties(MAPPING, { FunctionName: { Ref: Match.stringLikeRegexp('^MailMailer') }, MaximumRetryAttempts: 5, MaximumRecordAgeInSeconds: 3600 });
  });

  it('sends what is left over to its own SQS queue', () => {
    for (const [fn, queue] of [['^Publisher', '^PublisherStreamFailures'], ['^MailMailer', '^MailStreamFailures'], ['^ChannelsHandler', '^ChannelsStreamFailures']] as const) {
      herald.template.hasResourceProperties(MAPPING, {
        FunctionName: { Ref: Match.stringLikeRegexp(fn) },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(queue), 'Arn'] } } },
      });
    }
  });

  it('keeps records in order per shard', () => {
    for (const props of bothConsumers({ ParallelizationFactor: 1, StartingPosition: 'TRIM_HORIZON' })) {
      herald.template.hasResourceProperties(MAPPING, props);
    }
  });

  it('encrypts the failure queues and keeps messages two weeks', () => {
    herald.template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 },
      6,
    );
  });
});
