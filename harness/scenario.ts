import { afterAll, test } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { saveScenarioRecord, type ScenarioRecord } from './report.ts';
import { sandboxOptionsFromEnv, startSandbox, type Sandbox } from './sandbox.ts';
import { StepRecorder } from './steps.ts';

export interface ScenarioContext extends Sandbox {
  /** runs one named step of the scenario; its failure names it and shows the target's last answer */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** a browser tab whose state is photographed after every step */
  page(): Promise<Page>;
}

let shared: Promise<LaunchedBrowser> | undefined;
let closerRegistered = false;

/** One Chromium per scenario file, launched on first use and closed when the file is done. */
function sharedBrowser(): () => Promise<Browser> {
  if (!closerRegistered) {
    closerRegistered = true;
    afterAll(async () => (await shared)?.close());
  }
  return () => {
    shared ??= launchBrowser();
    return shared.then((l) => l.browser);
  };
}

/**
 * A scenario: a Vitest test with its own sandbox (so scenarios can run in parallel), its steps
 * recorded for the HTML report with a screenshot after each browser step, and the WeChat and SMS
 * calls the target made taken from the mocks' journals.
 */
export function scenario(name: string, fn: (s: ScenarioContext) => Promise<void>, opts: { browser?: boolean; timeoutMs?: number } = {}): void {
  const file = new Error().stack?.split('\n')[2]?.match(/scenarios\/[^:)]+/)?.[0] ?? 'scenarios';
  // Registered at collection time so the browser's afterAll attaches to this file; launched lazily.
  const browser = opts.browser ? sharedBrowser() : undefined;
  test(
    name,
    async () => {
      const env = sandboxOptionsFromEnv();
      const sandbox = await startSandbox({ ...env, browser: browser ? await browser() : undefined });
      const recorder = new StepRecorder(sandbox.target.api.http.exchanges);
      const startedAt = new Date();
      const since = Date.now() - 1000;
      let status: ScenarioRecord['status'] = 'passed';
      try {
        await fn({
          ...sandbox,
          step: (stepName, stepFn) => recorder.step(stepName, stepFn),
          page: async () => {
            const page = await sandbox.newPage();
            recorder.page = page;
            return page;
          },
        });
      } catch (e) {
        status = 'failed';
        throw e;
      } finally {
        const [wechatCalls, smsCalls] = await Promise.all([
          sandbox.wechat.journal({ since, limit: 500 }).catch(() => []),
          sandbox.sms.journal({ since }).catch(() => []),
        ]);
        saveScenarioRecord({
          name,
          file,
          target: env.target ?? 'reference',
          status,
          startedAt: startedAt.toISOString(),
          durationMs: Date.now() - startedAt.getTime(),
          steps: recorder.steps,
          wechatCalls: wechatCalls
            .reverse()
            .map(({ method, path, query, status: s, request, response }) => ({ method, path, query, status: s, request, response })),
          smsCalls: smsCalls.reverse().map(({ method, path, status: s, request, response }) => ({ method, path, status: s, request, response })),
          targetExchanges: sandbox.target.api.http.exchanges.entries.slice(-50),
        });
        await sandbox.close();
      }
    },
    // FastBee's UI loads 6 MB of scripts into each fresh browser profile: its browser flows take longer.
    opts.timeoutMs ?? (sandboxOptionsFromEnv().target === 'fastbee' && opts.browser ? 120_000 : 60_000),
  );
}
