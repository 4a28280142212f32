// autocannon's setupRequest for bench/api-latency.ts, loaded in autocannon's worker thread (so the
// load generator does not share the API's event loop): connection n posts to the n-th path of
// HERALD_BENCH_PATHS (a JSON array, set before the worker starts), round and round.
/* global module, process */
'use strict';
const paths = JSON.parse(process.env.HERALD_BENCH_PATHS || '[]');
let next = 0;
module.exports = (request, context) => {
  if (context.connection === undefined) context.connection = next++;
  return { ...request, path: paths[context.connection % paths.length] };
};
