import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioRecords, reportDir } from '../harness/report.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `wxmock scenarios`: runs the scenario pack (Vitest, in this process) against the reference login
 * system or a running FastBee, then prints a summary table and where the HTML report is.
 */
export async function scenarios(flags: Record<string, string | boolean>): Promise<number> {
  const target = typeof flags.target === 'string' ? flags.target : 'reference';
  if (target !== 'reference' && target !== 'fastbee') {
    console.error('--target must be "reference" or "fastbee"');
    return 2;
  }
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  if (target === 'fastbee' && !(str('target-url') || str('target-api-url'))) {
    console.error('--target fastbee needs --target-url (the FastBee frontend; API at <url>/prod-api) or --target-api-url,\nplus --wechat-url and --sms-url of the running mocks (wxmock start) that FastBee is pointed at.');
    return 2;
  }
  // The pack is Vitest files run from the sources; the published package ships the harness only.
  if (!existsSync(join(ROOT, 'scenarios'))) {
    console.error('wxmock scenarios runs the scenario pack from a checkout of the wxmock repository (npm ci, then npx wxmock scenarios ...);\nthe installed package has the harness (wxmock/harness) to write your own tests with.');
    return 2;
  }
  process.env.WXMOCK_TARGET = target;
  for (const [flag, env] of [['target-url', 'WXMOCK_TARGET_URL'], ['target-api-url', 'WXMOCK_TARGET_API_URL'], ['wechat-url', 'WXMOCK_WECHAT_URL'], ['sms-url', 'WXMOCK_SMS_URL'], ['control-token', 'WXMOCK_CONTROL_TOKEN']] as const) {
    const v = str(flag);
    if (v) process.env[env] = v;
  }
  if (str('report-dir')) process.env.WXMOCK_REPORT_DIR = str('report-dir');

  const { startVitest } = await import('vitest/node');
  const only = str('only');
  const vitest = await startVitest('test', ['scenarios/'], { run: true, watch: false, root: ROOT, ...(only ? { testNamePattern: only } : {}) });
  await vitest?.close();

  const records = loadScenarioRecords();
  if (!records.length) {
    console.error('no scenario ran');
    return 1;
  }
  const width = Math.min(80, Math.max(...records.map((r) => r.name.length)));
  console.log(`\n${'scenario'.padEnd(width)}  result  time   steps`);
  for (const r of records) console.log(`${r.name.slice(0, width).padEnd(width)}  ${r.status === 'passed' ? 'pass  ' : 'FAIL  '}  ${(r.durationMs / 1000).toFixed(1).padStart(5)}s  ${r.steps.length}`);
  const failed = records.filter((r) => r.status === 'failed').length;
  console.log(`\n${records.length - failed} passed, ${failed} failed`);
  console.log(`report: ${join(reportDir(), 'scenarios.html')}`);
  return failed ? 1 : 0;
}
