/** One HTTP exchange as the harness saw it: kept so a failing step can show what the target answered. */
export interface Exchange {
  method: string;
  url: string;
  requestBody?: unknown;
  status: number;
  location?: string;
  body: unknown;
}

export class ExchangeLog {
  readonly entries: Exchange[] = [];
  add(e: Exchange): void {
    this.entries.push(e);
    if (this.entries.length > 200) this.entries.shift();
  }
  last(): Exchange | undefined {
    return this.entries[this.entries.length - 1];
  }
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** Location header of a redirect (redirects are never followed) */
  location?: string;
}

/** Cookies by name, as one browser would keep them for one site (path and expiry ignored). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** JSON over fetch against one base URL; redirects are returned, not followed; every exchange is logged. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly log: ExchangeLog = new ExchangeLog(),
    private readonly defaultHeaders: Record<string, string> = {},
    readonly jar?: CookieJar,
  ) {}

  withHeaders(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.baseUrl, this.log, { ...this.defaultHeaders, ...headers }, this.jar);
  }

  /** Same base URL and log, with its own cookies: another browser. */
  withCookies(jar = new CookieJar()): HttpClient {
    return new HttpClient(this.baseUrl, this.log, this.defaultHeaders, jar);
  }

  get exchanges(): ExchangeLog {
    return this.log;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const url = /^https?:/.test(path) ? path : `${this.baseUrl}${path}`;
    const init: RequestInit = { method, redirect: 'manual', headers: { ...this.defaultHeaders, ...headers } };
    if (this.jar?.header()) (init.headers as Record<string, string>).cookie = this.jar.header();
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(url, init);
    this.jar?.store(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : text;
    } catch {
      // not JSON: keep the text
    }
    const location = res.headers.get('location') ?? undefined;
    this.log.add({ method, url, requestBody: body, status: res.status, location, body: parsed });
    return { status: res.status, headers: res.headers, body: parsed as T, location };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body ?? {}, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
}

/** Throws with the exchange when a control call fails: harness calls are expected to succeed. */
export function expectOk<T>(res: HttpResponse<T>, what: string): T {
  if (res.status >= 400) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls `fn` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function pollUntil<T>(what: string, fn: () => Promise<T | undefined>, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
