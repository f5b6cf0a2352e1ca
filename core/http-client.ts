import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The one HTTP client of the tests and the harness: JSON and form bodies, a cookie jar, redirects
 * returned with their Location (or followed on request), against a base URL or an in-process app
 * (anything with Hono's `fetch(request)`). Node only; no test runner behind it.
 */

/** One HTTP exchange as the client saw it: kept so a failing step can show what the target answered. */
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
  /** A cookie the page itself would set (document.cookie). */
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  /** the Content-Type header, '' when there is none */
  contentType: string;
  /** the body as text, exactly as sent (UTF-8) */
  raw: string;
  /** the body's bytes, for a body that is not text (an image, gzip) */
  bytes: Buffer;
  /** the body parsed as JSON, else the text */
  body: T;
  /** Location header of a redirect (redirects are returned unless `redirect: 'follow'`) */
  location?: string;
}

/** An in-process server: a Hono app, or anything else that answers a Request. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ClientOptions {
  /** sent with every request */
  headers?: Record<string, string>;
  /** keep cookies as one browser does: `true` for a new jar, or a jar to share */
  cookies?: boolean | CookieJar;
  /** 'manual' (the default): a 3xx is the answer, its Location visible; 'follow': up to 20 hops, the jar kept on each */
  redirect?: 'manual' | 'follow';
  /** where every exchange is recorded */
  log?: ExchangeLog;
}

export interface RequestOptions {
  /**
   * A plain object or array is sent as JSON. A string, bytes or a stream go as they are (Content-Type
   * application/json unless `headers` name one), so a test can send broken JSON; URLSearchParams as
   * a form, FormData as multipart.
   */
  body?: unknown;
  /** appended to the path's query; undefined values are left out */
  query?: Query;
  headers?: Record<string, string>;
  /** Authorization: Bearer <token> */
  token?: string;
  redirect?: 'manual' | 'follow';
  signal?: AbortSignal;
  /**
   * Send with node:http instead of fetch: the path goes out exactly as written (no `..`
   * resolution), a Host header as given, and a compressed body stays compressed.
   */
  exact?: boolean;
}

const LOCAL_ORIGIN = 'http://localhost';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response may carry no body. */
const NULL_BODY = new Set([204, 205, 304]);

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** What fetch takes as a body as it is; anything else (object, array, number) is JSON. */
function isRawBody(body: unknown): body is BodyInit {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof ReadableStream ||
    body instanceof Blob ||
    body instanceof URLSearchParams ||
    body instanceof FormData
  );
}

export class HttpClient {
  readonly baseUrl: string;
  readonly jar?: CookieJar;
  private readonly app?: FetchApp;
  private readonly log: ExchangeLog;
  private readonly defaultHeaders: Record<string, string>;
  private readonly redirect: 'manual' | 'follow';

  /** `target`: a base URL (paths are appended to it) or an in-process app. */
  constructor(target: string | FetchApp, opts: ClientOptions = {}) {
    if (typeof target === 'string') this.baseUrl = target.replace(/\/$/, '');
    else {
      this.baseUrl = LOCAL_ORIGIN;
      this.app = target;
    }
    this.log = opts.log ?? new ExchangeLog();
    this.defaultHeaders = opts.headers ?? {};
    this.redirect = opts.redirect ?? 'manual';
    if (opts.cookies) this.jar = opts.cookies === true ? new CookieJar() : opts.cookies;
  }

  private options(): ClientOptions {
    return { log: this.log, headers: this.defaultHeaders, redirect: this.redirect, cookies: this.jar };
  }

  /** Same target, log and cookies, with these headers on every request. */
  withHeaders(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.app ?? this.baseUrl, { ...this.options(), headers: { ...this.defaultHeaders, ...headers } });
  }

  /** Same target and log, with its own cookies: another browser. */
  withCookies(jar = new CookieJar()): HttpClient {
    return new HttpClient(this.app ?? this.baseUrl, { ...this.options(), cookies: jar });
  }

  get exchanges(): ExchangeLog {
    return this.log;
  }

  /** The absolute URL of a path (an absolute URL is kept as it is), with `query` appended. */
  private absolute(path: string, query?: Query): string {
    const url = /^https?:/.test(path) ? path : `${this.baseUrl}${path}`;
    if (!query) return url;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.append(k, String(v));
    const s = q.toString();
    return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
  }

  /**
   * The Response itself, its body unread (a long poll, a stream, a test that reads the body its own
   * way). Cookies are kept; the exchange is not logged.
   */
  async fetch(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      body = isRawBody(opts.body) ? opts.body : JSON.stringify(opts.body);
      if (!(body instanceof URLSearchParams || body instanceof FormData) && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
    let url = this.absolute(path, opts.query);
    const ownCookie = hasHeader(headers, 'cookie');
    const follow = (opts.redirect ?? this.redirect) === 'follow';
    for (let hop = 0; ; hop++) {
      if (this.jar && !ownCookie) {
        const cookie = this.jar.header();
        if (cookie) headers.cookie = cookie;
      }
      const res = await this.send(url, { method, headers, body, signal: opts.signal }, opts.exact);
      this.jar?.store(res.headers);
      const location = res.headers.get('location');
      if (!follow || !REDIRECTS.has(res.status) || location === null) return res;
      if (hop === 20) throw new Error(`${method} ${url}: more than 20 redirects`);
      await res.body?.cancel();
      url = new URL(location, url).href;
      // As fetch does: 303 turns anything but HEAD into a GET, 301 and 302 turn a POST into one.
      if ((res.status === 303 && method !== 'HEAD') || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const k of Object.keys(headers)) if (/^content-/i.test(k)) delete headers[k];
      }
    }
  }

  private send(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: BodyInit; signal?: AbortSignal },
    exact?: boolean,
  ): Promise<Response> {
    if (exact) return sendExact(url, init);
    const withStream: RequestInit = { ...init, redirect: 'manual', ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}) };
    if (this.app) return Promise.resolve(this.app.fetch(new Request(url, withStream)));
    return fetch(url, withStream);
  }

  async request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    const res = await this.fetch(method, path, opts);
    const bytes = Buffer.from(await res.arrayBuffer());
    const raw = bytes.toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : raw;
    } catch {
      // not JSON: keep the text
    }
    const location = res.headers.get('location') ?? undefined;
    this.log.add({ method, url: this.absolute(path, opts.query), requestBody: opts.body, status: res.status, location, body });
    return { status: res.status, headers: res.headers, contentType: res.headers.get('content-type') ?? '', raw, bytes, body: body as T, location };
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  /** POST `body` (none when undefined). */
  post<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...opts, body });
  }
  patch<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...opts, body });
  }
  delete<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, opts);
  }
}

/** One request by node:http(s), the path as written; the answer as a Response, its body as it came. */
async function sendExact(url: string, init: { method: string; headers: Record<string, string>; body?: BodyInit; signal?: AbortSignal }): Promise<Response> {
  const u = new URL(url);
  // The path after the origin, as the caller wrote it (URL would resolve `..` and `%2e%2e`).
  const path = url.slice(url.indexOf('/', u.protocol.length + 2)) || '/';
  const headers = { ...init.headers };
  let body: Buffer | undefined;
  if (init.body !== undefined) {
    const req = new Request(LOCAL_ORIGIN, { method: 'POST', body: init.body });
    body = Buffer.from(await req.arrayBuffer());
    const type = req.headers.get('content-type');
    if (type && !hasHeader(headers, 'content-type')) headers['content-type'] = type;
  }
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send({ host: u.hostname, port: u.port, path, method: init.method, headers, signal: init.signal }, resolve);
    req.on('error', reject);
    req.end(body);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const out = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return new Response(NULL_BODY.has(res.statusCode!) ? null : Buffer.concat(chunks), { status: res.statusCode!, statusText: res.statusMessage, headers: out });
}
