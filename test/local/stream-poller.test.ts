import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStreamPoller, type StreamConsumer, type StreamPoller } from '#local/stream-poller';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';

type Behaviour = (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | void;

/** A consumer that records every event it is handed and answers as `behaviour` says. */
function aConsumer(name: string, behaviour: Behaviour = () => {}) {
  const events: DynamoDBStreamEvent[] = [];
  const consumer: StreamConsumer = {
    name,
    batchSize: 10,
    handler: async (event) => {
      events.push(structuredClone(event));
      return behaviour(event, events.length);
    },
  };
  const pks = () => events.map((event) => event.Records.map(pkOf));
  return { consumer, events, pks };
}

function pkOf(record: DynamoDBRecord): string {
  return record.dynamodb?.Keys?.pk?.S ?? '?';
}

const quiet = { info: () => {}, error: () => {} };

describe('stream-poller', () => {
  let table: TestTable;
  let checkpointDir: string;
  const pollers: StreamPoller[] = [];

  beforeEach(async () => {
    table = await createTestTable();
    checkpointDir = await mkdtemp(join(tmpdir(), 'herald-checkpoints-'));
  });

  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await table.drop();
    await rm(checkpointDir, { recursive: true, force: true });
  });

  function aPoller(consumers: StreamConsumer[]) {
    const poller = createStreamPoller({
      dynamodb: { endpoint: table.endpoint, ...localAws },
      tableName: table.tableName,
      checkpointDir,
      consumers,
      pollIntervalMs: 20,
      logger: quiet,
    });
    pollers.push(poller);
    return poller;
  }

  async function put(pk: string) {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: pk }, sk: { S: 'item' }, title: { S: `title ${pk}` }, count: { N: '3' } },
      }),
    );
  }

  async function putAll(pks: string[]) {
    await table.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table.tableName]: pks.map((pk) => ({ PutRequest: { Item: { pk: { S: pk }, sk: { S: 'item' } } } })),
        },
      }),
    );
  }

  it('delivers a PutItem as the record Lambda would deliver', async () => {
    // Prepare
    const { consumer, events } = aConsumer('publisher');
    const poller = aPoller([consumer]);
    await poller.start();
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));

    // Act
    const before = Math.floor(Date.now() / 1000);
    await put('incident#1');
    await poller.waitForIdle();

    // Assess
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event); // plain JSON, as Lambda sends
    expect(event).toStrictEqual({
      Records: [
        {
          eventID: expect.any(String),
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: 'us-east-1',
          dynamodb: {
            ApproximateCreationDateTime: expect.any(Number),
            Keys: { pk: { S: 'incident#1' }, sk: { S: 'item' } },
            NewImage: {
              pk: { S: 'incident#1' },
              sk: { S: 'item' },
              title: { S: 'title incident#1' },
              count: { N: '3' },
            },
            SequenceNumber: expect.stringMatching(/^\d+$/),
            SizeBytes: expect.any(Number),
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: Table?.LatestStreamArn,
        },
      ],
    });
    const created = event.Records[0]!.dynamodb!.ApproximateCreationDateTime!;
    expect(Number.isInteger(created)).toBe(true);
    // DynamoDB Local rounds the creation time down to the minute.
    expect(created).toBeGreaterThan(before - 120);
    expect(created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('delivers a change with both images and a removal with the old one', async () => {
    // Prepare
    const { consumer, events } = aConsumer('publisher');
    const poller = aPoller([consumer]);
    await poller.start();

    // Act
    await put('a');
    await table.client.send(
      new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'a' }, sk: { S: 'item' }, v: { N: '2' } } }),
    );
    await table.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table.tableName]: [{ DeleteRequest: { Key: { pk: { S: 'a' }, sk: { S: 'item' } } } }] },
      }),
    );
    await poller.waitForIdle();

    // Assess
    const records = events.flatMap((event) => event.Records);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records[1]?.dynamodb?.OldImage?.title).toEqual({ S: 'title a' });
    expect(records[1]?.dynamodb?.NewImage?.v).toEqual({ N: '2' });
    expect(records[2]?.dynamodb).not.toHaveProperty('NewImage');
    expect(records[2]?.dynamodb?.OldImage?.v).toEqual({ N: '2' });
  });

  it('redelivers from the first failed item and never the records before it', async () => {
    // Prepare
    await putAll(['r1', 'r2', 'r3']);
    const { consumer, pks } = aConsumer('mailer', (event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber! }] } : undefined,
    );
    const poller = aPoller([consumer]);

    // Act
    await poller.start();
    await poller.waitForIdle();

    // Assess
    expect(pks()).toEqual([
      ['r1', 'r2', 'r3'],
      ['r2', 'r3'],
    ]);
  });

  it('hands a batch whose handler threw to it again', async () => {
    // Prepare
    await putAll(['r1', 'r2']);
    const { consumer, pks } = aConsumer('mailer', (_event, call) => {
      if (call < 3) throw new Error('SES is throttling');
    });
    const poller = aPoller([consumer]);

    // Act
    await poller.start();
    await poller.waitForIdle();

    // Assess
    expect(pks()).toEqual([
      ['r1', 'r2'],
      ['r1', 'r2'],
      ['r1', 'r2'],
    ]);
  });

  it('keeps consumers independent: one failing does not hold up or repeat the other', async () => {
    // Prepare
    let failing = true;
    const healthy = aConsumer('publisher');
    const broken = aConsumer('mailer', () => {
      if (failing) throw new Error('down');
    });
    const poller = aPoller([healthy.consumer, broken.consumer]);
    await poller.start();

    // Act
    await put('a');
    await put('b');
    await expect.poll(() => healthy.pks().flat(), { timeout: 5_000 }).toEqual(['a', 'b']);
    await expect.poll(() => broken.events.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    failing = false;
    await poller.waitForIdle();

    // Assess
    expect(healthy.pks().flat()).toEqual(['a', 'b']);
    expect(broken.pks().at(-1)?.at(-1)).toBe('b');
  });

  it('resumes after a restart without repeating or skipping a record', async () => {
    // Prepare: r1 is processed, r2 keeps failing until the poller stops.
    const first = aConsumer('mailer', (event) => {
      const failed = event.Records.find((record) => pkOf(record) === 'r2');
      return failed ? { batchItemFailures: [{ itemIdentifier: failed.dynamodb!.SequenceNumber! }] } : undefined;
    });
    const before = aPoller([first.consumer]);
    await before.start();
    await put('r1');
    await expect.poll(() => first.pks().flat(), { timeout: 5_000 }).toContain('r1');
    await put('r2');
    await expect.poll(() => first.pks().flat().filter((pk) => pk === 'r2').length, { timeout: 5_000 }).toBeGreaterThan(1);
    await before.stop();
    await put('r3'); // written while nothing reads the stream

    // Act
    const second = aConsumer('mailer');
    const after = aPoller([second.consumer]);
    await after.start();
    await after.waitForIdle();

    // Assess
    expect(second.pks().flat()).toEqual(['r2', 'r3']);
  });

  it('reads a new consumer from the start of the stream', async () => {
    // Prepare
    await putAll(['r1', 'r2']);
    const first = aConsumer('publisher');
    const poller = aPoller([first.consumer]);
    await poller.start();
    await poller.waitForIdle();

    // Act
    const late = aConsumer('mailer');
    const other = aPoller([late.consumer]);
    await other.start();
    await other.waitForIdle();

    // Assess
    expect(late.pks().flat()).toEqual(['r1', 'r2']);
  });

  it('says which consumer is behind when it is not idle in time', async () => {
    // Prepare
    const { consumer } = aConsumer('stuck', () => {
      throw new Error('always');
    });
    const poller = aPoller([consumer]);
    await poller.start();
    await put('a');

    // Act + Assess
    await expect(poller.waitForIdle(500)).rejects.toThrow(/not idle after 500 ms: stuck\//);
  });
});
