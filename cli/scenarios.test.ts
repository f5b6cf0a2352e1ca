import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scenarioNames, summaryTable } from './scenarios.ts';

const BIN = join(__dirname, '..', 'bin', 'wxmock.mjs');

it('wxmock scenarios --only runs the named scenario, prints the summary table and writes the HTML report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-scn-'));
  try {
    const run = spawnSync(process.execPath, [BIN, 'scenarios', '--only', 'DCloud standard base', '--report-dir', dir], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/DCloud standard base: different unionid.*pass/);
    expect(run.stdout).toContain('1 passed, 0 failed');
    const html = readFileSync(join(dir, 'scenarios.html'), 'utf8');
    expect(html).toContain('1 of 1 scenarios passed');
    expect(html).toContain('uni.login in the standard base');

    const bad = spawnSync(process.execPath, [BIN, 'scenarios', '--target', 'fastbee'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--target-url');
    expect(existsSync(join(dir, 'scenarios'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);

it('wxmock scenarios --only with no match lists the scenario names (exit 2) without running any', () => {
  const run = spawnSync(process.execPath, [BIN, 'scenarios', '--only', 'nomatch'], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.stdout + run.stderr).toBe(2);
  expect(run.stderr).toContain('no scenario matches --only "nomatch"');
  expect(scenarioNames().length).toBeGreaterThanOrEqual(15);
  for (const name of scenarioNames()) expect(run.stderr).toContain(`  ${name}\n`);
  expect(scenarioNames()).toContain('DCloud standard base: different unionid, sent to binding; custom base signs in');
});

it('the summary table keeps whole names, however long', () => {
  const name = `user centre: ${'a long scenario name '.repeat(6)}end`;
  const table = summaryTable([
    { name, status: 'passed', durationMs: 1234, steps: [] },
    { name: 'short', status: 'failed', durationMs: 50, steps: [] },
  ]);
  expect(name.length).toBeGreaterThan(120);
  expect(table).toContain(`${name}  pass`);
  expect(table.split('\n')[2]).toMatch(new RegExp(`^short {${name.length - 5}}  FAIL`));
});
