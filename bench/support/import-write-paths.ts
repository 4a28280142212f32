// Scratch: DynamoDB Local's CPU and wall time per imported incident, packed transactions vs
// children first (ImportRepository.putMany), the import's write path alone on its own emulator.
// Run: PATHS_MODE=packed|first npx tsx bench/support/import-write-paths.ts   (PATHS_INCIDENTS, PATHS_CALLERS, HERALD_DYNAMODB_LOCAL_JIT)
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadavg } from 'node:os';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { createTableInput } from '#adapters/dynamodb/table-definition';
import type { ImportWrite } from '#app/ports/store';
import type { Incident, IncidentUpdate } from '#core/model';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { dynamoDbLocalPid, processCpuSeconds } from './import-floor';

const N = Number(process.env.PATHS_INCIDENTS ?? 1500);
const CALLERS = Number(process.env.PATHS_CALLERS ?? 8);
const PER_CALL = 36;
const db = await startDynamoDbLocal({});
const pid = dynamoDbLocalPid(String(db.port))!;
const client = new DynamoDBClient({ endpoint: db.endpoint, region: localAwsRegion, credentials: localAwsCredentials });
const doc = createDocumentClient({ endpoint: db.endpoint, region: localAwsRegion, credentials: localAwsCredentials });

function write(run: string, i: number, childrenFirst: boolean): ImportWrite {
  const id = `INC-${run}-${i}`;
  const at = new Date(Date.UTC(2020, 0, 1) + i * 3 * 3600_000).toISOString();
  const updates: IncidentUpdate[] = [1, 2, 3, 4].map((seq) => ({
    id: `${id}-${seq}`, incident_id: id, seq, status: seq === 4 ? 'resolved' : 'investigating', message: 'Something happened. '.repeat(8),
    component_changes: seq === 1 || seq === 3 ? [{ id: `cmp${i % 20}`, name: 'C', old_status: 'operational', new_status: 'major_outage' }] : [],
    notify: true, created_at: at, posted_by: null, next_update_at: null, source: { system: 'statuspage', id: `s${i}#${seq}` },
  }));
  const incident = {
    id, title: `Incident ${i}`, severity: 'SEV2', impact: 'major', status: 'resolved', component_ids: ['cmp1'], component_names: { cmp1: 'C' }, roles: {},
    created_at: at, updated_at: at, started_at: at, identified_at: null, monitoring_at: null, resolved_at: at, last_update_at: at, next_update_at: null,
    update_count: 4, postmortem: null, declared_by: null, version: 0, source: { system: 'statuspage', id: `s${i}`, version: 0 },
  } as unknown as Incident;
  return {
    kind: 'incident', incident, updates, expectedVersion: 0, childrenFirst,
    history: [{ component_id: `cmp${i % 20}`, at, cause: `${id}#1`, status: 'major_outage' }, { component_id: `cmp${i % 20}`, at, cause: `${id}#3`, status: 'operational' }],
    mapping: { system: 'statuspage', kind: 'incident', source_id: `${run}-${i}`, herald_id: id },
  };
}

async function run(name: string, childrenFirst: boolean) {
  const tableName = `paths-${name}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const store = createDynamoStore({ doc, tableName });
  const cpu0 = processCpuSeconds(pid)!;
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (next < N) {
      const from = next;
      next += PER_CALL;
      const writes = Array.from({ length: Math.min(PER_CALL, N - from) }, (_, k) => write(name, from + k, childrenFirst));
      const saved = await store.imports.putMany(writes);
      if (saved.some((s) => s !== 'saved')) throw new Error(`not saved: ${saved.join(',')}`);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const cpu = processCpuSeconds(pid)! - cpu0;
  console.log(`${name}: ${N} incidents (8 items each) in ${seconds.toFixed(1)} s, ${((N * 8) / seconds).toFixed(0)} items/s; DynamoDB Local CPU ${cpu.toFixed(1)} s (${((cpu / N) * 1000).toFixed(1)} ms an incident); load ${loadavg()[0]!.toFixed(1)}`);
}

try {
  // One path per emulator (PATHS_MODE): DynamoDB Local slows as it holds more items.
  const mode = process.env.PATHS_MODE ?? 'packed';
  await run(mode, mode === 'first');
} finally {
  client.destroy();
  await db.stop();
}
