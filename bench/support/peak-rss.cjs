// Loaded with --require into a child process: prints its peak resident memory on exit (bench/import.ts).
/* global process */
process.on('exit', () => process.stderr.write(`\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`));
