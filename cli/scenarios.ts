import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioRecords, reportDir, type ScenarioRecord } from '../harness/report.ts';
import { defineCommand, flag, UsageError, type FlagValues } from './flags.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SCENARIOS_FLAGS = {
  target: flag.choice(['reference', 'fastbee'], 'reference', 'the login system under test'),
  'target-url': flag.url('fastbee: its frontend (API at <URL>/prod-api)'),
  'target-api-url': flag.url('fastbee: its API base, when not <target-url>/prod-api'),
  'wechat-url': flag.url('fastbee: the running mock WeChat that FastBee is pointed at'),
  'sms-url': flag.url('fastbee: the running mock SMS that FastBee is pointed at'),
  'control-token': flag.text('TOKEN', 'the control token of those running mocks'),
  only: flag.text('NAME', 'run only the scenarios whose name matches (a regular expression)'),
  'report-dir': flag.text('DIR', 'where scenarios.html goes (default: reports)'),
  'fastbee-ui': flag.text('DIR', "fastbee: a build of FastBee's web UI, served in front of the reference login system in this process"),
};

/**
 * The scenario names, read from the pack's files without running them: each scenario is a
 * `scenario('name', …)` call at the top of a file in scenarios/.
 */
export function scenarioNames(dir = join(ROOT, 'scenarios')): string[] {
  const names: string[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.test.ts'))
    .sort()) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^scenario\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gm)) names.push(m[2]!.replace(/\\(.)/g, '$1'));
  }
  return names;
}

function namesList(names: string[]): string {
  return names.map((n) => `  ${n}`).join('\n');
}

/** The summary printed after a run: whole names (a name is how a scenario is found again with --only). */
export function summaryTable(records: Pick<ScenarioRecord, 'name' | 'status' | 'durationMs' | 'steps'>[]): string {
  const width = Math.max('scenario'.length, ...records.map((r) => r.name.length));
  const lines = [`${'scenario'.padEnd(width)}  result  time   steps`];
  for (const r of records) {
    lines.push(`${r.name.padEnd(width)}  ${r.status === 'passed' ? 'pass  ' : 'FAIL  '}  ${(r.durationMs / 1000).toFixed(1).padStart(5)}s  ${r.steps.length}`);
    // The failing step, and whose defect it is when the target's own code is known to fail there.
    const failed = r.steps.find((st) => st.status === 'failed');
    if (failed?.defect) lines.push(`  ↳ "${failed.name}": FastBee defect (${failed.defect.id}) in ${failed.defect.file}: ${failed.defect.title}`);
    else if (failed)
      lines.push(
        `  ↳ "${failed.name}": ${(failed.error ?? '')
          .split('\n')[0]!
          .replace(/^step "[^"]*" failed: /, '')
          .slice(0, 160)}`,
      );
  }
  return lines.join('\n');
}

/**
 * `wxmock scenarios`: runs the scenario pack (Vitest, in this process) against the reference login
 * system or a running FastBee, then prints a summary table and where the HTML report is.
 */
async function scenarios(o: FlagValues<typeof SCENARIOS_FLAGS>): Promise<number> {
  // The pack is Vitest files run from the sources; the published package ships the harness only.
  if (!existsSync(join(ROOT, 'scenarios'))) {
    console.error(
      'wxmock scenarios runs the scenario pack from a checkout of the wxmock repository (npm ci, then npx wxmock scenarios ...);\nthe installed package has the harness (wxmock/harness) to write your own tests with.',
    );
    return 2;
  }
  const ui = o['fastbee-ui'] ? resolve(o['fastbee-ui']) : undefined;
  if (ui && !existsSync(join(ui, 'index.html'))) {
    throw new UsageError(
      `--fastbee-ui ${ui}: no index.html there. Give the dist/ folder of a FastBee web UI build (npm run fastbee-ui -- <FastBee checkout>).`,
    );
  }
  if (o.target === 'fastbee' && !ui && !(o['target-url'] || o['target-api-url'])) {
    throw new UsageError(
      "--target fastbee needs --fastbee-ui <dist dir> (FastBee's web UI in front of the reference login system, all in this process),\nor --target-url (a running FastBee frontend; API at <url>/prod-api) or --target-api-url, plus --wechat-url and --sms-url of the running mocks (wxmock start) that FastBee is pointed at.",
    );
  }
  const only = o.only;
  if (only !== undefined) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(only);
    } catch (e) {
      throw new UsageError(`--only: not a regular expression (${(e as Error).message})`);
    }
    const names = scenarioNames();
    if (!names.some((n) => pattern.test(n))) {
      console.error(`no scenario matches --only "${only}". The scenarios are:\n${namesList(names)}`);
      return 2;
    }
  }
  process.env.WXMOCK_TARGET = o.target;
  if (ui) process.env.WXMOCK_FASTBEE_UI = ui;
  for (const [flagName, env] of [
    ['target-url', 'WXMOCK_TARGET_URL'],
    ['target-api-url', 'WXMOCK_TARGET_API_URL'],
    ['wechat-url', 'WXMOCK_WECHAT_URL'],
    ['sms-url', 'WXMOCK_SMS_URL'],
    ['control-token', 'WXMOCK_CONTROL_TOKEN'],
  ] as const) {
    const v = o[flagName];
    if (v) process.env[env] = v;
  }
  if (o['report-dir']) process.env.WXMOCK_REPORT_DIR = resolve(o['report-dir']);

  const { startVitest } = await import('vitest/node');
  const vitest = await startVitest('test', ['scenarios/'], { run: true, watch: false, root: ROOT, ...(only ? { testNamePattern: only } : {}) });
  await vitest?.close();

  const records = loadScenarioRecords();
  if (!records.length) {
    console.error(`no scenario ran. The scenarios are:\n${namesList(scenarioNames())}`);
    return 1;
  }
  console.log(`\n${summaryTable(records)}`);
  const failed = records.filter((r) => r.status === 'failed').length;
  console.log(`\n${records.length - failed} passed, ${failed} failed`);
  console.log(`report: ${join(reportDir(), 'scenarios.html')}`);
  return failed ? 1 : 0;
}

export const scenariosCommand = defineCommand({
  name: 'scenarios',
  summary: 'runs the scenario pack, prints a summary and writes <report-dir>/scenarios.html',
  flags: SCENARIOS_FLAGS,
  notes: [
    'Examples:',
    '  npx wxmock scenarios --only DCloud',
    '  npx wxmock scenarios --target fastbee --target-url http://fastbee.local --wechat-url http://127.0.0.1:7701 --sms-url http://127.0.0.1:7702',
  ],
  run: (o) => scenarios(o),
});
