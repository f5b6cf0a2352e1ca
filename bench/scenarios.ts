import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './child.ts';

export interface ScenarioRunFigure {
  key: 'pack' | 'browser';
  label: string;
  command: string;
  /** process start to exit: Vitest, the sandboxes, Chromium and all */
  wallMs: number;
  /** the sum of the tests' own durations, as Vitest reports them */
  testsMs: number;
  passed: number;
  failed: number;
}

/** One scenario that drives the real browser, timed on its own. */
const BROWSER_SCENARIO = 'scenarios/web-qr-bind-existing.test.ts';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { duration?: number }[] }[];
}

/** Runs Vitest on `paths` in a child process, reports to a scratch folder, and times it. */
async function runVitest(paths: string[]): Promise<{ wallMs: number; json: VitestJson }> {
  const scratch = mkdtempSync(join(tmpdir(), 'wxmock-bench-'));
  const out = join(scratch, 'vitest.json');
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...paths, '--reporter=json', `--outputFile=${out}`], {
        cwd: ROOT,
        // A scratch report folder: the bench must not replace the developer's scenario report.
        env: { ...process.env, WXMOCK_REPORT_DIR: scratch },
        stdio: 'ignore',
      });
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    const wallMs = performance.now() - started;
    return { wallMs, json: JSON.parse(readFileSync(out, 'utf8')) as VitestJson };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function figure(key: ScenarioRunFigure['key'], label: string, paths: string[], r: { wallMs: number; json: VitestJson }): ScenarioRunFigure {
  const testsMs = r.json.testResults.flatMap((f) => f.assertionResults).reduce((s, a) => s + (a.duration ?? 0), 0);
  return { key, label, command: `npx vitest run ${paths.join(' ')}`, wallMs: r.wallMs, testsMs, passed: r.json.numPassedTests, failed: r.json.numFailedTests };
}

/** The scenario pack's wall time (unless `pack` is false) and one browser scenario's. */
export async function measureScenarios(pack: boolean, log: (s: string) => void): Promise<ScenarioRunFigure[]> {
  const out: ScenarioRunFigure[] = [];
  if (pack) {
    const f = figure('pack', 'whole scenario pack', ['scenarios'], await runVitest(['scenarios']));
    log(`  ${f.label}: ${(f.wallMs / 1000).toFixed(1)} s, ${f.passed} passed, ${f.failed} failed`);
    out.push(f);
  }
  const b = figure('browser', `one browser scenario (${BROWSER_SCENARIO})`, [BROWSER_SCENARIO], await runVitest([BROWSER_SCENARIO]));
  log(`  ${b.label}: ${(b.wallMs / 1000).toFixed(1)} s, ${b.passed} passed, ${b.failed} failed`);
  out.push(b);
  return out;
}
