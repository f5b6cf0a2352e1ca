import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
  const ui = str('fastbee-ui');
  if (ui && !existsSync(join(resolve(ui), 'index.html'))) {
    console.error(`--fastbee-ui ${resolve(ui)}: no index.html there. Give the dist/ folder of a FastBee web UI build (npm run fastbee-ui -- <FastBee checkout>).`);
    return 2;
  }
  if (target === 'fastbee' && !ui && !(str('target-url') || str('target-api-url'))) {
    console.error('--target fastbee needs --fastbee-ui <dist dir> (FastBee\'s web UI in front of the reference login system, all in this process),\nor --target-url (a running FastBee frontend; API at <url>/prod-api) or --target-api-url, plus --wechat-url and --sms-url of the running mocks (wxmock start) that FastBee is pointed at.');
    return 2;
  }
  process.env.WXMOCK_TARGET = target;
  if (ui) process.env.WXMOCK_FASTBEE_UI = resolve(ui);
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
  for (const r of records) {
    console.log(`${r.name.slice(0, width).padEnd(width)}  ${r.status === 'passed' ? 'pass  ' : 'FAIL  '}  ${(r.durationMs / 1000).toFixed(1).padStart(5)}s  ${r.steps.length}`);
    const failed = r.steps.find((st) => st.status === 'failed');
    if (failed?.defect) console.log(`  ↳ "${failed.name}": FastBee defect (${failed.defect.id}) in ${failed.defect.file}: ${failed.defect.title}`);
    else if (failed) console.log(`  ↳ "${failed.name}": ${(failed.error ?? '').split('\n')[0]!.replace(/^step "[^"]*" failed: /, '').slice(0, 160)}`);
  }
  const failed = records.filter((r) => r.status === 'failed').length;
  console.log(`\n${records.length - failed} passed, ${failed} failed`);
  console.log(`report: ${join(reportDir(), 'scenarios.html')}`);
  return failed ? 1 : 0;
}
