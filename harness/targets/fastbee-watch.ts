import type { HTTPResponse, Page } from 'puppeteer-core';

/** One call the page made to its backend (under /prod-api/), with its JSON answer when it had one. */
export interface UiCall {
  method: string;
  /** the backend path, /prod-api stripped, with the query */
  path: string;
  status: number;
  postData?: string;
  body?: WatchedBody;
  seq: number;
}

/** A backend answer as the page received it: RuoYi's AjaxResult and whatever else the endpoint adds. */
export interface WatchedBody {
  code?: number;
  msg?: string;
  uuid?: string;
  [key: string]: unknown;
}

/** An Element UI toast: Message (error/success/warning/info) or Notification (request.js's other codes). */
export interface UiToast {
  kind: string;
  text: string;
  /** the document it appeared in (a fresh id per page load) */
  doc: string;
  seq: number;
}

/** An uncaught error of the page, or one Vue's error handler logged (console.error). */
export interface UiError {
  message: string;
  seq: number;
}

/**
 * Runs in every document of the page before its own scripts: reports each Element UI toast as it
 * is added, with the document's id, through the binding the watch exposes.
 */
function observeToasts(binding: string): void {
  const doc = Math.random().toString(36).slice(2);
  (window as unknown as { __wxmockDoc: string }).__wxmockDoc = doc;
  const report = (window as unknown as Record<string, (kind: string, text: string, doc: string) => void>)[binding];
  const seen = new WeakSet<Element>();
  const kindOf = (el: Element): string => {
    if (el.classList.contains('el-notification')) return el.querySelector('.el-icon-error') ? 'error' : 'notification';
    const m = /el-message--(\w+)/.exec(el.className);
    return m ? m[1]! : 'info';
  };
  const check = (el: Element) => {
    if (seen.has(el) || !(el.classList.contains('el-message') || el.classList.contains('el-notification'))) return;
    seen.add(el);
    const send = () => report?.(kindOf(el), ((el as HTMLElement).innerText || el.textContent || '').trim(), doc);
    if ((el.textContent ?? '').trim()) send();
    else setTimeout(send, 0);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations)
      for (const n of m.addedNodes) {
        if (!(n instanceof Element)) continue;
        check(n);
        n.querySelectorAll('.el-message, .el-notification').forEach(check);
      }
  }).observe(document, { childList: true, subtree: true });
}

const BINDING = '__wxmockToast';
const watches = new WeakMap<Page, Promise<FastbeeWatch>>();

/**
 * What a FastBee page does, recorded from the outside: its /prod-api/ calls and answers, the toasts
 * it raises (request.js shows every failed call as one), its uncaught errors, the last captcha uuid.
 * The page driver reads a flow's outcome and FastBee's defects from it.
 */
export class FastbeeWatch {
  readonly calls: UiCall[] = [];
  readonly toasts: UiToast[] = [];
  readonly errors: UiError[] = [];
  captchaUuid?: string;
  private seq = 0;

  private constructor(
    private readonly page: Page,
    private readonly apiPrefix: string,
  ) {}

  /** The page's watch, attached on first use (before the page loads FastBee, for the toasts of the first document). */
  static of(page: Page, frontendUrl: string): Promise<FastbeeWatch> {
    let w = watches.get(page);
    if (!w) {
      w = FastbeeWatch.attach(page, frontendUrl);
      watches.set(page, w);
    }
    return w;
  }

  private static async attach(page: Page, frontendUrl: string): Promise<FastbeeWatch> {
    const watch = new FastbeeWatch(page, `${new URL(frontendUrl).origin}/prod-api`);
    // The UI picks its language from this cookie, else navigator.language (en-US in headless Chromium).
    await page.setCookie({ name: 'language', value: 'zh-CN', url: frontendUrl });
    await page.exposeFunction(BINDING, (kind: string, text: string, doc: string) => {
      watch.toasts.push({ kind, text, doc, seq: ++watch.seq });
    });
    // As source text with a no-op __name: compilers that keep function names (tsx) call it, and the page has none.
    await page.evaluateOnNewDocument(`(() => { const __name = (f) => f; (${observeToasts.toString()})(${JSON.stringify(BINDING)}); })()`);
    page.on('response', (r) => void watch.record(r));
    page.on('pageerror', (e) => watch.errors.push({ message: e instanceof Error ? e.message : String(e), seq: ++watch.seq }));
    // Vue's error handler logs what a component's handler throws instead of letting it escape.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) watch.errors.push({ message: m.text(), seq: ++watch.seq });
    });
    return watch;
  }

  private async record(r: HTTPResponse): Promise<void> {
    const url = r.url();
    if (!url.startsWith(`${this.apiPrefix}/`)) return;
    const req = r.request();
    const call: UiCall = { method: req.method(), path: url.slice(this.apiPrefix.length), status: r.status(), postData: req.postData(), seq: ++this.seq };
    this.calls.push(call);
    if (r.status() >= 300 && r.status() < 400) return;
    try {
      call.body = await r.json();
      if (call.path.startsWith('/captchaImage') && call.body?.uuid) this.captchaUuid = call.body.uuid;
    } catch {
      // not JSON, or the page moved on before the body was read
    }
  }

  /** A position in the record: what happens after it is what a step caused. */
  mark(): number {
    return this.seq;
  }

  callsSince(mark: number, method: string, pathStart: string): UiCall[] {
    return this.calls.filter((c) => c.seq > mark && c.method === method && c.path.startsWith(pathStart));
  }

  errorsSince(mark: number): UiError[] {
    return this.errors.filter((e) => e.seq > mark);
  }

  /** The id of the document the page shows now (toasts are kept per document). */
  async currentDoc(): Promise<string | undefined> {
    for (let i = 0; i < 20; i++) {
      try {
        return await this.page.evaluate(() => (window as unknown as { __wxmockDoc?: string }).__wxmockDoc);
      } catch {
        await new Promise((r) => setTimeout(r, 50)); // mid-navigation
      }
    }
    return undefined;
  }

  /** Error toasts and error notifications, the way a person counts "something went wrong". */
  errorToasts(): UiToast[] {
    return this.toasts.filter((t) => t.kind === 'error');
  }
}

/** Polls `read` until it gives a value or the deadline passes (then undefined). */
export async function pollFor<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
