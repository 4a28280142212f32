// The prompts in a real pseudo-terminal: util-linux `script` runs the bin on a pty and passes our
// keystrokes to it (node-pty is not a dependency).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, createCliWorld, type CliWorld } from './cli-world';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

interface Terminal {
  /** Resolves once the output (escapes removed) matches, with everything seen so far. */
  waitFor(pattern: RegExp): Promise<string>;
  type(keys: string): void;
  exit: Promise<{ code: number | null; output: string; raw: string }>;
}

function onTerminal(world: CliWorld, args: string[], env: Record<string, string | undefined> = {}): Terminal {
  const command = `stty cols 120 rows 40; exec ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    env: world.env({ TERM: 'xterm-256color', ...env }),
  });
  let raw = '';
  const waiters: { pattern: RegExp; done: (seen: string) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(plain(raw))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done(plain(raw));
      }
    }
  });
  const exit = new Promise<{ code: number | null; output: string; raw: string }>((done) => {
    child.on('close', (code) => done({ code, output: plain(raw), raw }));
  });
  return {
    waitFor: (pattern) => (pattern.test(plain(raw)) ? Promise.resolve(plain(raw)) : new Promise((done) => waiters.push({ pattern, done }))),
    type: (keys) => void child.stdin.write(keys),
    exit: exit.finally(() => child.stdin.end()),
  };
}

const ENTER = '\r';
const UP = '\u001b[A';
const DOWN = '\u001b[B';
const SPACE = ' ';

let world: CliWorld;
beforeAll(async () => {
  world = await createCliWorld();
});
afterAll(() => world?.close());

describe.skipIf(!hasScript)('herald in a terminal (util-linux script)', () => {
  it('declare asks for template, severity (with its meaning), title, message and components', async () => {
    // Prepare
    const component = (await (await world.api.request('POST', '/v1/components', { name: 'Checkout' })).json()) as { id: string };
    const term = onTerminal(world, ['incidents', 'declare']);
    // Act
    await term.waitFor(/Start from a template\?/);
    term.type(ENTER); // No template
    const severity = await term.waitFor(/complete outage, data loss, security breach|SEV2.*major feature broken/);
    term.type(UP + ENTER); // SEV2 (the default) → SEV1
    await term.waitFor(/Title \(public\)/);
    term.type(`Checkout is failing${ENTER}`);
    await term.waitFor(/First update/);
    term.type(`Payments fail.${ENTER}`);
    await term.waitFor(/Components affected/);
    term.type(SPACE + ENTER);
    await term.waitFor(/Their status/);
    term.type(ENTER); // major_outage
    const { code, output } = await term.exit;
    // Assess
    expect(severity).toMatch(/SEV2.*major feature broken, many users/);
    expect(code).toBe(0);
    expect(output).toMatch(/Declared INC-\d{8}-\d{4} {2}SEV1 {2}investigating {2}Checkout is failing/);
    const [incident] = (await (await world.api.request('GET', '/v1/incidents?state=open')).json()) as { components: string[]; severity: string }[];
    expect(incident).toMatchObject({ severity: 'SEV1', components: [component.id] });
  });

  it('update asks for status, message and the incident\'s components', async () => {
    // Prepare: the incident the previous test declared, Checkout in major outage
    const [open] = (await (await world.api.request('GET', '/v1/incidents?state=open')).json()) as { id: string }[];
    const term = onTerminal(world, ['incidents', 'update', open!.id]);
    // Act
    await term.waitFor(/Start from a template\?/);
    term.type(ENTER); // No template
    await term.waitFor(/Status \(now investigating\)/);
    term.type(DOWN + DOWN + ENTER); // investigating → identified → monitoring
    await term.waitFor(/Update \(Markdown, public\)/);
    term.type(`Rolled back; watching.${ENTER}`);
    await term.waitFor(/Components affected/);
    term.type(SPACE + ENTER);
    await term.waitFor(/Their status/);
    term.type(ENTER); // operational, the default once monitoring
    const { code, output } = await term.exit;
    // Assess
    expect(code).toBe(0);
    expect(output).toContain(`${open!.id} monitoring (update 2, version 2)`);
    const incident = (await (await world.api.request('GET', `/v1/incidents/${open!.id}`)).json()) as { updates: { component_changes: { new_status: string }[] }[] };
    expect(incident.updates[1]!.component_changes.map((c) => c.new_status)).toEqual(['operational']);
  });

  it('Ctrl-C at a prompt sends nothing and exits 2', async () => {
    const before = ((await (await world.api.request('GET', '/v1/incidents?state=all')).json()) as unknown[]).length;
    const term = onTerminal(world, ['incidents', 'declare', '--title', 'Never sent']);
    await term.waitFor(/Severity/);
    term.type('\u0003');
    const { code, output } = await term.exit;
    expect(code).toBe(2);
    expect(output).toContain('Cancelled; nothing was sent.');
    expect(((await (await world.api.request('GET', '/v1/incidents?state=all')).json()) as unknown[]).length).toBe(before);
  });

  it('colours tables on a terminal, and not with NO_COLOR', async () => {
    await world.api.request('POST', '/v1/components', { name: 'Search', status: 'major_outage' });
    const coloured = await onTerminal(world, ['status']).exit;
    const uncoloured = await onTerminal(world, ['status'], { NO_COLOR: '1' }).exit;
    expect(coloured.code).toBe(0);
    expect(coloured.raw).toContain('\u001b[31mmajor_outage\u001b[39m');
    expect(uncoloured.code).toBe(0);
    expect(uncoloured.output).toContain('major_outage');
    expect(uncoloured.raw).not.toContain('\u001b[');
  });
});

if (!hasScript) {
  describe('herald in a terminal', () => {
    it.skip('needs util-linux `script` to make a pseudo-terminal (not found on PATH)', () => {});
  });
}
