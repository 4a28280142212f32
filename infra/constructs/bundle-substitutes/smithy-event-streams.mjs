// What `@smithy/core/event-streams` resolves to in the Lambda bundles (infra/constructs/bundling.ts).
// Event streams (S3 SelectObjectContent, Bedrock's streaming answers …) are a kind of operation
// Herald never calls: DynamoDB, S3 objects, SES and Secrets Manager have none among the calls it
// makes. Yet every bundle carried their codec, 14 KiB: each protocol imports it for such operations
// (a dynamic import, which a bundle inlines), and the S3 client builds a marshaller for them when
// it is created. Kept: the config resolver the S3 client runs (the SDK's own); the marshaller
// and EventStreamSerde are stand-ins that throw, naming this file, if an event stream is ever
// reached. test/handlers/bundled-event-streams.test.ts holds them to it.
export { resolveEventStreamSerdeConfig } from '../../../node_modules/@smithy/core/dist-es/submodules/event-streams/eventstream-serde-config-resolver/EventStreamSerdeConfig.js';

export class EventStreamsLeftOutError extends Error {
  constructor() {
    super("Event streams are left out of Herald's Lambda bundles (infra/constructs/bundle-substitutes/smithy-event-streams.mjs)");
    this.name = 'EventStreamsLeftOutError';
  }
}

const refuse = () => {
  throw new EventStreamsLeftOutError();
};

/** The S3 client's eventStreamSerdeProvider: a marshaller, built at creation, used by no call Herald makes. */
export const eventStreamSerdeProvider = () => ({ serialize: refuse, deserialize: refuse });

/** What a protocol loads for an operation with an event stream. */
export class EventStreamSerde {
  constructor() {
    refuse();
  }
}
