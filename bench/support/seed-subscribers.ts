// Confirmed subscribers for the mail benches, written straight to the table.
import { batchWrite } from '#adapters/dynamodb/subscriber-batch-io';
import { subscriberItem } from '#adapters/dynamodb/subscriber-repository';
import type { createDocumentClient } from '#adapters/dynamodb/client';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import type { Subscriber } from '#app/subscriptions/subscriber';

/** A confirmed subscriber to every component, as an import makes one. */
export function confirmedSubscriber(email: string, at: string): Subscriber {
  return {
    id: subscriberIdFor(email),
    email,
    status: 'confirmed',
    components: [],
    source: 'import',
    created_at: at,
    updated_at: at,
    confirmed_at: at,
    confirm_requested_at: null,
    version: 1,
  };
}

/** N confirmed subscribers (subscriber-<i>@example.com), by BatchWriteItem with 2 writers; their addresses. */
export async function seedConfirmedSubscribers(n: number, doc: ReturnType<typeof createDocumentClient>, tableName: string): Promise<string[]> {
  const at = new Date().toISOString();
  const emails = Array.from({ length: n }, (_, i) => `subscriber-${i}@example.com`);
  const items = emails.map((email) => ({ PutRequest: { Item: subscriberItem(confirmedSubscriber(email, at)) } }));
  const chunk = 400;
  const queue = Array.from({ length: Math.ceil(items.length / chunk) }, (_, i) => items.slice(i * chunk, (i + 1) * chunk));
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await batchWrite({ doc, tableName }, next);
    }),
  );
  return emails;
}
