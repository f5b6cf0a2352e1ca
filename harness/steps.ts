import type { Page } from 'puppeteer-core';
import type { ExchangeLog } from '../core/http-client.ts';
import type { StepRecord } from './report.ts';
import { FastbeeDefect } from './targets/fastbee-defects.ts';

/** A step failed: the message names the step and shows what the target last answered. */
export class StepError extends Error {
  constructor(step: string, cause: unknown, lastAnswer: string | undefined) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`step "${step}" failed: ${why}${lastAnswer ? `\n  the target last answered: ${lastAnswer}` : ''}`, { cause });
    this.name = 'StepError';
  }
}

/** Records named steps, screenshots of the page after each browser step, and failures. */
export class StepRecorder {
  readonly steps: StepRecord[] = [];
  /** the page to photograph after each step, when the scenario uses a browser */
  page?: Page;

  constructor(private readonly targetLog: ExchangeLog) {}

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const value = await fn();
      this.steps.push({ name, status: 'passed', durationMs: Date.now() - started, screenshot: await this.shot() });
      return value;
    } catch (e) {
      const last = this.targetLog.last();
      const lastAnswer = last
        ? `${last.method} ${last.url} → HTTP ${last.status}${last.location ? ` Location: ${last.location}` : ''} ${typeof last.body === 'string' ? last.body.slice(0, 300) : JSON.stringify(last.body)}`
        : undefined;
      const err = new StepError(name, e, lastAnswer);
      const defect = e instanceof FastbeeDefect ? { id: e.id, title: e.title, file: e.file } : undefined;
      this.steps.push({ name, status: 'failed', durationMs: Date.now() - started, error: err.message, defect, screenshot: await this.shot() });
      throw err;
    }
  }

  /** A screenshot taken mid-navigation can stall; the report does without one rather than wait. */
  private async shot(): Promise<string | undefined> {
    if (!this.page || this.page.isClosed()) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5_000)));
    try {
      const png = await Promise.race([this.page.screenshot({ type: 'png', captureBeyondViewport: false }), timeout]);
      return png ? Buffer.from(png).toString('base64') : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
