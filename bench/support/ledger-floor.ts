// DynamoDB Local's own floor for the mailer's send ledger (bench/mail-rate.ts), on the DynamoDB
// Local the fan-out just ran on, right after it (the same JVM, the same load):
//   - conditional puts a second: a ledger-sized item put with attribute_not_exists(pk), 64 callers;
//   - the ledger alone, per mail: what the mailer does to the ledger for a batch's recipients, with
//     no SES and nothing else of Herald, through the real repository — per round of 25 (deliver-
//     rounds.ts) its claim (one conditional write), the recipients' entries read (one
//     BatchGetItem), each marked sent (25 to a BatchWriteItem) and the round marked finished — by
//     as many workers of 50 recipients as the mailer has records sending at that MaxSendRate
//     (stream-handler.ts recordWorkers), each claiming its next round before marking the one
//     before, on fresh keys.
// The second is the most mails a second the mailer could send here with its ledger; a MaxSendRate
// above it cannot be reached on this DynamoDB Local, whatever the pacing.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#adapters/dynamodb/keys';
import { sendLedgerRepository } from '#adapters/dynamodb/send-ledger-repository';
import type { createDocumentClient } from '#adapters/dynamodb/client';
import { processCpuSeconds } from './import-floor';

export interface LedgerFloor {
  conditionalPutsPerSecond: number;
  /** Mails a second the ledger's read + claim + mark alone sustain. */
  ledgerMailsPerSecond: number;
  /** CPU a mail of the ledger alone: this process's and, given its pid, DynamoDB Local's. */
  ledgerCpuMsPerMail: number;
}

export async function ledgerFloor(doc: ReturnType<typeof createDocumentClient>, tableName: string, options: { seconds: number; run: string; workers: number; dynamoDbPid?: number | null }): Promise<LedgerFloor> {
  const at = new Date().toISOString();
  // Conditional puts, 64 callers.
  let puts = 0;
  {
    const started = performance.now();
    const until = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: 64 }, async (_, c) => {
        for (let i = 0; performance.now() < until; i++) {
          const sendKey = `floor-${options.run}-put-${c}-${i}`;
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...keys.sendLedger(sendKey), type: 'send_ledger', send_key: sendKey, state: 'claimed', owner: 'floor', lease_until: 0, updated_at: at },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          puts++;
        }
      }),
    );
    puts /= (performance.now() - started) / 1000;
  }
  // The ledger per mail: records of 50 recipients, rounds of 25 as deliver.ts makes them.
  const ledger = sendLedgerRepository({ doc, tableName });
  let mails = 0;
  let ledgerCpuMsPerMail = 0;
  {
    const cpuBefore = process.cpuUsage();
    const javaBefore = options.dynamoDbPid ? processCpuSeconds(options.dynamoDbPid) : null;
    const started = performance.now();
    const until = started + options.seconds * 1000;
    let record = 0;
    await Promise.all(
      Array.from({ length: options.workers }, async () => {
        while (performance.now() < until) {
          const r = record++;
          const recipients = Array.from({ length: 50 }, (_, i) => `floor-${options.run}-mail-${r}#${i}`);
          const rounds = [`floor-${options.run}-mail-${r}#round#0`, `floor-${options.run}-mail-${r}#round#1`];
          await ledger.read(rounds);
          const marks: Array<Promise<void>> = [];
          for (let i = 0; i < recipients.length; i += 25) {
            const round = rounds[i / 25]!;
            const now = Date.now();
            if (!(await ledger.claim([round], 'floor', now, now + 120_000, at)).has(round)) throw new Error(`the floor's round ${round} was taken`);
            const keys = recipients.slice(i, i + 25);
            await ledger.read(keys);
            marks.push(
              ledger
                .markSent(keys.map((key) => ({ key, owner: 'floor', messageId: `m-${key}` })), at)
                .then(() => ledger.markSent([{ key: round, owner: 'floor', messageId: 'round' }], at))
                .then(() => void (mails += keys.length)),
            );
          }
          await Promise.all(marks);
        }
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    const javaAfter = options.dynamoDbPid ? processCpuSeconds(options.dynamoDbPid) : null;
    const java = javaBefore !== null && javaAfter !== null ? (javaAfter - javaBefore) * 1000 : 0;
    ledgerCpuMsPerMail = ((cpu.user + cpu.system) / 1000 + java) / mails;
    mails /= (performance.now() - started) / 1000;
  }
  return { conditionalPutsPerSecond: puts, ledgerMailsPerSecond: mails, ledgerCpuMsPerMail };
}
