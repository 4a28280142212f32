// The use cases' dependencies as a Lambda function builds them, once per cold start.
import { createAppDeps, type AppDeps } from '#app/deps';
import { loadConfig } from '#config/config';
import { createDocumentClient } from '../dynamodb/client';
import { createDynamoStore } from '../dynamodb/store';
import { requireEnv } from './require-env';

export function awsAppDeps(env: Record<string, string | undefined> = process.env): AppDeps {
  const doc = createDocumentClient();
  return createAppDeps(createDynamoStore({ doc, tableName: requireEnv('TABLE_NAME', env) }), loadConfig(env));
}
