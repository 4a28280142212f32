#!/usr/bin/env node
// The `herald` command: registers tsx (the repository runs its TypeScript without a build step)
// and hands over to cli/main.ts, whose answer is the exit code.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
