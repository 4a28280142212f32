// The mark writer gathers 'sent' marks into few writes, and a mark's promise settles only once the
// write carrying it is durable (the send pool holds the send's place until then).
import { describe, expect, it } from 'vitest';
import type { SendLedgerRepository } from '#app/ports/store';
import { MarkWriter, type SentMark } from '#mailer/mark-writer';

/** A ledger whose markSent calls wait until the test lets each land (or fail). */
function heldLedger() {
  const writes: Array<{ marks: SentMark[]; land: () => void; fail: (error: Error) => void }> = [];
  const ledger = {
    markSent: (marks: SentMark[]) =>
      new Promise<void>((resolve, reject) => writes.push({ marks: [...marks], land: resolve, fail: reject })),
  } as unknown as SendLedgerRepository;
  return { ledger, writes };
}

const mark = (n: number): SentMark => ({ key: `k${n}`, owner: 'o', messageId: `m${n}` });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the mark writer', () => {
  it('writes a mark at once when idle, and gathers the marks that arrive during a write into the next', async () => {
    // Prepare
    const { ledger, writes } = heldLedger();
    const writer = new MarkWriter(ledger, () => '2026-12-04T07:00:00.000Z', 0);
    const durable: number[] = [];
    const write = (n: number) => writer.write(mark(n)).then(() => void durable.push(n));

    // Act: one mark, then ten more while its write is in flight
    const all = [write(0)];
    await settle();
    for (let n = 1; n <= 10; n++) all.push(write(n));
    await settle();

    // Assess: one write in flight, nothing durable yet; when it lands only its mark is, and the ten go in one write
    expect(writes.map((w) => w.marks.length)).toEqual([1]);
    expect(durable).toEqual([]);
    writes[0]!.land();
    await settle();
    expect(durable).toEqual([0]);
    expect(writes.map((w) => w.marks.map((m) => m.key))).toEqual([['k0'], Array.from({ length: 10 }, (_, i) => `k${i + 1}`)]);
    writes[1]!.land();
    await Promise.all(all);
    expect(durable).toHaveLength(11);
  });

  it('waits for more marks after a write that started moments ago, short of a full 25', async () => {
    // Prepare: writes at least a second apart (the real one is GATHER_MS)
    const { ledger, writes } = heldLedger();
    const writer = new MarkWriter(ledger, () => '2026-12-04T07:00:00.000Z', 1_000);

    // Act: one mark, written and landed; then 24 more
    const first = writer.write(mark(0));
    writes[0]!.land();
    await first;
    const rest = Array.from({ length: 24 }, (_, n) => writer.write(mark(n + 1)));
    await settle();

    // Assess: nothing written yet (within the second, fewer than 25); the 25th goes with them at once
    expect(writes).toHaveLength(1);
    rest.push(writer.write(mark(25)));
    expect(writes.map((w) => w.marks.length)).toEqual([1, 25]);
    writes[1]!.land();
    await Promise.all(rest);
  });

  it('waits longer only while the send pool has sends whose marks are still to come', async () => {
    // Prepare: no short gather; a long one (an hour) while more marks are on their way
    const { ledger, writes } = heldLedger();
    let sending = 0;
    const writer = new MarkWriter(ledger, () => '2026-12-04T07:00:00.000Z', 0, () => sending, 3_600_000);
    const first = writer.write(mark(0));
    writes[0]!.land();
    await first;

    // Act 1: a mark whose send is the only one in flight goes at once
    sending = 1;
    const alone = writer.write(mark(1));
    await settle();
    expect(writes.map((w) => w.marks.length)).toEqual([1, 1]);
    writes[1]!.land();
    await alone;

    // Act 2: with three sends in flight, their first mark waits for the others
    sending = 3;
    const gathered = [writer.write(mark(2))];
    await settle();
    expect(writes).toHaveLength(2);
    gathered.push(writer.write(mark(3)));
    await settle();
    expect(writes).toHaveLength(2);
    sending = 3;
    gathered.push(writer.write(mark(4)));
    await settle();

    // Assess: once every send in flight has its mark queued, they go together
    expect(writes.map((w) => w.marks.map((m) => m.key))).toEqual([['k0'], ['k1'], ['k2', 'k3', 'k4']]);
    writes[2]!.land();
    await Promise.all(gathered);
  });

  it('starts a further write early for a full 25 (at most 4 at once), and fails only the marks of a failed write', async () => {
    // Prepare
    const { ledger, writes } = heldLedger();
    const writer = new MarkWriter(ledger, () => '2026-12-04T07:00:00.000Z', 0);
    const outcomes = new Map<number, string>();

    // Act: 1 + 150 marks at once
    const all = Array.from({ length: 151 }, (_, n) =>
      writer.write(mark(n)).then(
        () => void outcomes.set(n, 'durable'),
        () => void outcomes.set(n, 'failed'),
      ),
    );
    await settle();

    // Assess: the first write took the one mark queued then; each further 25 started a write, up to 4
    expect(writes.map((w) => w.marks.length)).toEqual([1, 25, 25, 25]);
    writes[1]!.fail(new Error('throttled'));
    await settle();
    expect([...outcomes.values()]).toEqual(Array.from({ length: 25 }, () => 'failed'));
    for (let i = 0; i < writes.length; i++) {
      if (i === 1) continue;
      writes[i]!.land();
      await settle();
    }
    await Promise.all(all);
    expect(writes.map((w) => w.marks.length)).toEqual([1, 25, 25, 25, 25, 25, 25]);
    expect([...outcomes.entries()].filter(([, o]) => o === 'failed').map(([n]) => n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(outcomes.size).toBe(151);
  });
});
