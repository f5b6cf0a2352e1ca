import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { loadScenarioRecords, saveScenarioRecord, writeReport } from './report.ts';
import { startSandbox } from './sandbox.ts';
import { StepRecorder } from './steps.ts';

it('the HTML report renders in Chromium with a section per scenario and the screenshots', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-report-'));
  process.env.WXMOCK_REPORT_DIR = dir;
  const browser = await launchBrowser();
  const s = await startSandbox({ browser: browser.browser });
  try {
    // A two-step browser scenario, recorded as a scenario would be, plus a failed one.
    const page = await s.newPage();
    const recorder = new StepRecorder(s.target.api.http.exchanges);
    recorder.page = page;
    await recorder.step('open the login page', () => s.target.pages.openLogin(page));
    await recorder.step('click WeChat login', () => s.target.pages.startWechatLogin(page));
    const base = { file: 'scenarios/x.test.ts', target: 'reference', startedAt: new Date().toISOString(), durationMs: 1234, targetExchanges: [] };
    saveScenarioRecord({
      ...base,
      name: 'passing one',
      status: 'passed',
      steps: recorder.steps,
      wechatCalls: (await s.wechat.journal()).map((e) => e),
      smsCalls: [],
    });
    saveScenarioRecord({
      ...base,
      name: 'failing one',
      status: 'failed',
      steps: [{ name: 'the step that broke', status: 'failed', durationMs: 5, error: 'step "the step that broke" failed: boom' }],
      wechatCalls: [],
      smsCalls: [],
    });
    const file = writeReport(loadScenarioRecords(), join(dir, 'scenarios.html'));

    const view = await browser.browser.newPage();
    await view.goto(`file://${file}`, { waitUntil: 'load' });
    expect(await view.$eval('[data-testid=summary]', (n) => n.textContent)).toBe('1 of 2 scenarios passed');
    expect(await view.$$eval('[data-testid=scenario]', (n) => n.length)).toBe(2);
    const shots = await view.$$eval('img[data-testid=screenshot]', (imgs) =>
      imgs.map((i) => ({ ok: (i as HTMLImageElement).complete, w: (i as HTMLImageElement).naturalWidth })),
    );
    expect(shots).toHaveLength(2);
    for (const shot of shots) expect(shot.w).toBeGreaterThan(100);
    expect(await view.$eval('.scenario.failed pre.error', (n) => n.textContent)).toContain('the step that broke');
  } finally {
    await s.close();
    await browser.close();
    delete process.env.WXMOCK_REPORT_DIR;
    rmSync(dir, { recursive: true, force: true });
  }
});
