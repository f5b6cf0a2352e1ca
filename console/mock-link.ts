import { ControlError } from '../core/control-errors.ts';

/** The two mocks the console steers, by the names the page and its API use. */
export type MockName = 'wechat' | 'sms';

/** What a mock answered: its status and parsed JSON body (text when it is not JSON). */
export interface MockAnswer<T = unknown> {
  status: number;
  body: T;
}

const TIMEOUT_MS = 15_000;

/**
 * Server-side client of one mock's control API (`/__mock/...`). The control token lives only
 * here, so the browser never sees it.
 */
export class MockLink {
  readonly baseUrl: string;

  constructor(
    readonly name: MockName,
    baseUrl: string,
    private readonly controlToken?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The mock's own label, as its banner prints it. */
  get label(): string {
    return this.name === 'wechat' ? 'mock-wechat' : 'mock-sms';
  }

  /**
   * The URL of a control route, or undefined when `path` (after normalising "..") would leave
   * /__mock/: the console proxies the control API and nothing else.
   */
  controlUrl(path: string, search = ''): URL | undefined {
    let url: URL;
    try {
      url = new URL(`${this.baseUrl}/__mock${path.startsWith('/') ? path : `/${path}`}${search}`);
    } catch {
      return undefined;
    }
    return url.pathname.startsWith('/__mock/') ? url : undefined;
  }

  /** Calls a control route; an unreachable mock answers 502 in the control API's error shape. */
  async call<T = unknown>(method: string, path: string, opts: { search?: string; body?: string | unknown } = {}): Promise<MockAnswer<T>> {
    const url = this.controlUrl(path, opts.search);
    if (!url) return refusal(new ControlError('not_found', `no control route ${path}`));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.controlToken) headers['x-wxmock-token'] = this.controlToken;
    let body: string | undefined;
    if (opts.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as T };
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'not reachable';
      return refusal(new ControlError('mock_unreachable', `${this.label} at ${this.baseUrl} is ${why}`));
    }
  }

  get<T = unknown>(path: string, search?: string): Promise<MockAnswer<T>> {
    return this.call<T>('GET', path, { search });
  }
}

/** The console's own refusal in the shape of a mock's answer, for the proxy to pass on. */
function refusal<T>(e: ControlError): MockAnswer<T> {
  return { status: e.status, body: { error: { code: e.code, message: e.message } } as T };
}

/** The error message of a failed control call, for the console's own answers. */
export function answerError(a: MockAnswer): { code: string; message: string } {
  const e = (a.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { code: e?.code ?? `http_${a.status}`, message: e?.message ?? (typeof a.body === 'string' && a.body ? a.body.slice(0, 300) : `HTTP ${a.status}`) };
}
