// The floor for bench/bundle-size.ts: the least any Herald handler loads at a cold start, the
// DynamoDB document client (functions/adapters/dynamodb/client.ts), bundled with the handlers' own
// options. Each handler's cold import is reported against this one's, measured in the same run.
import { createDocumentClient } from '#adapters/dynamodb/client';

const doc = createDocumentClient();

export const handler = async () => ({ client: typeof doc.send });
