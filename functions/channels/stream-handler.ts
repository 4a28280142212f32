// The channel worker as a table-stream consumer (Lambda's event source mapping on AWS, the stream
// poller locally): each record that is a channel change (changes.ts) is recorded with its
// deliveries — durably, before the record counts as done — and the endpoints that got one are
// worked. On AWS the invocation waits for that work (bounded by the 10 s attempt timeout and the
// concurrency limit); locally (`background`) it returns once the deliveries are recorded, so a
// hung receiver never holds the poller. Whatever is not delivered now is due to the sweep.
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { decodeRecord } from '#adapters/stream/decode';
import type { Component } from '#core/model';
import { jsonLog } from '#mailer/ports';
import { CHANNEL_TYPES, deriveChange } from './changes';
import type { ChannelWorkerDeps } from './deps';
import type { ChannelWorker } from './worker';

export type ChannelStreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export function createChannelStreamHandler(deps: ChannelWorkerDeps, worker: ChannelWorker, options: { background?: boolean } = {}): ChannelStreamHandler {
  const log = deps.log ?? jsonLog;
  return async (event) => {
    const failures: string[] = [];
    const endpoints = new Set<string>();
    let components: Promise<Component[]> | null = null;
    const componentsNow = () => (components ??= deps.store.components.list());
    // In stream order: a change's deliveries are queued by change time, so order of creation does not matter for order of delivery.
    for (const record of event.Records) {
      if (!concerns(record)) continue;
      const decoded = decodeRecord(record);
      if (decoded.type === 'channel_endpoint') {
        // Reactivated (by a responder or its contact's link): its queue is worked again at once.
        if (decoded.newItem?.state === 'active' && decoded.oldItem && decoded.oldItem.state !== 'active') endpoints.add(String(decoded.newItem.id));
        continue;
      }
      try {
        const derived = await deriveChange(deps.store, decoded, componentsNow);
        if (!derived) continue;
        for (const id of await worker.enqueue(derived)) endpoints.add(id);
      } catch (error) {
        log.error('a channel change could not be queued; the record will be retried', { sequence_number: decoded.sequenceNumber, error: String(error) });
        failures.push(decoded.sequenceNumber);
      }
    }
    const work = worker.kick(endpoints);
    if (!options.background) await work;
    else work.catch((error) => log.error('channel delivery failed', { error: String(error) }));
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

function concerns(record: DynamoDBRecord): boolean {
  const type = record.dynamodb?.NewImage?.type?.S ?? record.dynamodb?.OldImage?.type?.S;
  return type !== undefined && (CHANNEL_TYPES.has(type) || type === 'channel_endpoint');
}
