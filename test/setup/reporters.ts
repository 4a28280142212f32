// What the runs report. With HERALD_TEST_REPORT_DIR set (CI does), each run also writes a JSON
// report there (suite.json, and scale-<file>.json for each scale file) so that CI can compare a run today with one a year ahead.
type Reporter = string | [string, Record<string, unknown>];

export function reportersFor(run: 'suite' | 'scale'): Reporter[] {
  const dir = process.env.HERALD_TEST_REPORT_DIR;
  const name = process.env.HERALD_TEST_REPORT_NAME ?? run;
  return dir ? ['default', ['json', { outputFile: `${dir}/${name}.json` }]] : ['default'];
}
