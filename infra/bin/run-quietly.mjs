#!/usr/bin/env node
// Runs a command and stays silent when it succeeds; when it fails, prints everything it wrote
// (stdout and stderr, in order) to stderr and exits with its code. `cdk synth --quiet` must print
// nothing but errors, and the commands it runs along the way (the renderer build before bundling)
// chat on success.
//
//   node infra/bin/run-quietly.mjs <command> [args…]
/* global process, Buffer */
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: run-quietly.mjs <command> [args…]\n');
  process.exit(2);
}

const output = [];
const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk) => output.push(chunk));
child.stderr.on('data', (chunk) => output.push(chunk));
child.on('error', (error) => {
  process.stderr.write(`run-quietly: cannot run ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('close', (code, signal) => {
  if (code === 0) return;
  process.stderr.write(Buffer.concat(output));
  if (signal) process.stderr.write(`run-quietly: ${command} was stopped by ${signal}\n`);
  process.exit(code ?? 1);
});
