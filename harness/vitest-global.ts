import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioRecords, reportDir, writeReport } from './report.ts';

/**
 * Vitest global setup: each run gets its own records folder (set here, inherited by the test
 * workers, so runs side by side keep apart); at the end the run's HTML report is written.
 * Record folders of runs over an hour old are dropped.
 */
export default function setup(): () => void {
  const root = join(reportDir(), 'scenarios');
  try {
    for (const run of readdirSync(root))
      if (statSync(join(root, run)).mtimeMs < Date.now() - 3_600_000) rmSync(join(root, run), { recursive: true, force: true });
  } catch {
    // no reports yet
  }
  process.env.WXMOCK_REPORT_RUN = `${Date.now()}-${process.pid}`;
  return () => {
    const records = loadScenarioRecords();
    if (records.length) writeReport(records);
  };
}
