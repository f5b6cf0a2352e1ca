import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioRecords, reportDir, writeReport } from './report.ts';

/** Vitest global setup: each run starts a fresh scenario report and writes its HTML at the end. */
export default function setup(): () => void {
  rmSync(join(reportDir(), 'scenarios'), { recursive: true, force: true });
  return () => {
    const records = loadScenarioRecords();
    if (records.length) writeReport(records);
  };
}
