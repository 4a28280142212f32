// A responder API on its own DynamoDB Local table, with a key, for one test file.
import { createApiKey } from '#app/api-keys/create-api-key';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createDocumentClient, type TableContext } from '#adapters/dynamodb/client';
import { createApp } from '#api/app';
import { parseConfig } from '#config/config';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { createTestTable } from './dynamodb';
import { localAws } from './local-aws';
import { testClock, type TestClock } from './clock';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  key: string;
  tableName: string;
  endpoint: string;
  /** The table as the DynamoDB adapters address it. */
  table: TableContext;
  /** The one clock the use cases read (starts at TEST_EPOCH). */
  clock: TestClock;
  /** Puts that clock at an instant. */
  setNow(iso: string): void;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  drop(): Promise<void>;
}

export async function createTestApi(): Promise<TestApi> {
  const table = await createTestTable();
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  const clock = testClock();
  const deps = createAppDeps(
    createDynamoStore({ doc, tableName: table.tableName }),
    parseConfig(rawConfig),
    () => clock.iso(),
  );
  const { key } = await createApiKey(deps, 'test-responder');
  const app = createApp(deps);
  return {
    app,
    deps,
    key,
    tableName: table.tableName,
    endpoint: table.endpoint,
    table: { doc, tableName: table.tableName },
    clock,
    setNow(iso) {
      clock.set(iso);
    },
    request: authorizedRequester(app, key),
    drop: table.drop,
  };
}

type Requester = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

/** Requests to `app` with the responder key; a body that isn't a string is sent as JSON. */
export function authorizedRequester(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, key: string): Requester {
  return (method, path, body, headers = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
}
