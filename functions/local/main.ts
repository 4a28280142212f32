// `npm start`: the local stack, until Ctrl-C.
import { resolve } from 'node:path';
import { startLocalStack } from './local-stack';
import { quietSdkNodeWarning } from './quiet-sdk-warning';

quietSdkNodeWarning();

const dataDir = resolve(process.env.HERALD_DATA_DIR ?? '.herald');
const port = Number(process.env.PORT ?? 3000);

try {
  const stack = await startLocalStack({ port, dataDir, apiKey: process.env.HERALD_API_KEY });
  console.log(`
Herald is running (data in ${dataDir})

  Status page   ${stack.url}/
  API           ${stack.url}/v1   (OpenAPI: ${stack.url}/v1/openapi.json)
  Mail          ${stack.url}/_local/mail.html
  API key       ${stack.apiKey}${stack.apiKeyGenerated ? '   (generated; kept in the data folder)' : ''}

Try:  curl -H "Authorization: Bearer ${stack.apiKey}" ${stack.url}/v1/incidents
Ctrl-C stops everything.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Herald…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`Herald could not start: ${(error as Error).message}`);
  process.exit(1);
}
