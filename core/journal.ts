import type { Context, MiddlewareHandler } from 'hono';
import { stmt, write, writeHistory, type Db } from './db.ts';
import type { Clock } from './clock.ts';
import type { ExchangeFacts, JournalEntry, JournalFilter, JournalTags } from './journal-entry.ts';
import { maskHeaders, maskJson, maskParams, mentionsSecretKey } from './mask.ts';
import { readRequestBody } from './request-body.ts';

export type { ExchangeFacts, JournalEntry, JournalFilter, JournalTags } from './journal-entry.ts';

/** A row of the journal table: the facts under their column names, bodies and headers as JSON text. */
interface Row extends Omit<ExchangeFacts, 'durationMs'> {
  id: number;
  at: number;
  duration_ms: number;
  request: string;
  response: string;
}

/**
 * What the middleware notes of one exchange, unformatted: masking and serialising happen when the
 * entry is written, off the request's path, and skip work a body does not need (see bodyJson).
 */
export interface RawEntry extends ExchangeFacts {
  at: number;
  /** header names and values, alternating, as Node's rawHeaders are */
  requestHeaders: string[];
  requestBody: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
  /** the response body is JSON that the mock itself serialised (see journalText) */
  responseIsJson?: boolean;
}

/** Bodies beyond this are cut in the journal: HTML pages are not worth keeping whole. */
const BODY_LIMIT = 8192;

/** Text that cannot start a JSON value: parsing it would only throw (every GET has an empty body). */
const JSON_START = /^\s*[{["\-0-9tfn]/;

function parseMaybeJson(text: string): unknown {
  if (!JSON_START.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function clip(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…[${text.length - BODY_LIMIT} more bytes]` : text;
}

/**
 * What the journal keeps of a body: secrets masked, cut at BODY_LIMIT, parsed when it is JSON.
 * The same as parseMaybeJson(clip(maskBody(text))), parsing JSON bodies once instead of twice.
 */
function bodyValue(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return parseMaybeJson(clip(maskParams(text)));
  let masked: unknown;
  try {
    masked = maskJson(JSON.parse(t));
  } catch {
    return parseMaybeJson(clip(text));
  }
  const json = JSON.stringify(masked);
  return json.length > BODY_LIMIT ? parseMaybeJson(clip(json)) : masked;
}

/**
 * bodyValue(text) as JSON text. A body the mock serialised itself is valid JSON already: when it is
 * short and names no secret it goes in as it is, with no parse and no second stringify.
 */
function bodyJson(text: string, selfWrittenJson: boolean): string {
  if (!text) return '""';
  if (selfWrittenJson && text.length <= BODY_LIMIT && !mentionsSecretKey(text)) return text;
  return JSON.stringify(bodyValue(text));
}

function headerObject(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const k = pairs[i]!.toLowerCase();
    out[k] = k in out ? `${out[k]}, ${pairs[i + 1]}` : pairs[i + 1]!;
  }
  return out;
}

const INSERT_SQL = `INSERT INTO journal(at, method, path, query, appid, persona, phone, status, duration_ms, request, response)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Every request to a mock's real API and the answer it got, secrets masked, capped in size. */
export class Journal {
  private inserts = 0;
  private pending: RawEntry[] = [];
  private flushQueued = false;

  constructor(
    private readonly db: Db,
    private readonly cap = 10_000,
  ) {}

  private insertMany(entries: RawEntry[]): void {
    const insert = stmt(this.db, INSERT_SQL);
    for (const e of entries) {
      insert.run(
        e.at,
        e.method,
        e.path,
        maskParams(e.query),
        e.appid,
        e.persona,
        e.phone,
        e.status,
        e.durationMs,
        `{"headers":${JSON.stringify(maskHeaders(headerObject(e.requestHeaders)))},"body":${bodyJson(e.requestBody, false)}}`,
        `{"headers":${JSON.stringify(e.responseHeaders)},"body":${bodyJson(e.responseBody, e.responseIsJson === true)}}`,
      );
    }
  }

  /**
   * Queues an entry; it is formatted and written with the others of the same event-loop turn, in
   * one transaction (one commit per request was most of the journal's cost on a file database).
   * The write happens before any later request is handled, and every read flushes first.
   */
  record(e: RawEntry): void {
    this.pending.push(e);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  /** Writes the queued entries now. */
  flush(): void {
    this.flushQueued = false;
    if (!this.pending.length) return;
    const entries = this.pending;
    this.pending = [];
    if (!this.db.open) return;
    // History, not state: no answer waits for these rows to be committed.
    writeHistory(this.db, ['journal'], () => {
      this.insertMany(entries);
      // Pruning in batches keeps the insert path cheap while bounding the table.
      const before = this.inserts;
      this.inserts += entries.length;
      if (Math.floor(this.inserts / 256) > Math.floor(before / 256)) this.prune();
    });
  }

  prune(): void {
    writeHistory(this.db, ['journal'], () => stmt(this.db, 'DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - ?').run(this.cap));
  }

  list(f: JournalFilter = {}): JournalEntry[] {
    this.flush();
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.path) {
      where.push('path LIKE ?');
      args.push(`%${f.path}%`);
    }
    if (f.appid) {
      where.push('appid = ?');
      args.push(f.appid);
    }
    if (f.persona) {
      where.push('persona = ?');
      args.push(f.persona);
    }
    if (f.phone) {
      where.push('phone LIKE ?');
      args.push(`%${f.phone}%`);
    }
    if (f.since !== undefined && f.since !== '') {
      const ms = typeof f.since === 'number' ? f.since : /^\d+$/.test(f.since) ? Number(f.since) : Date.parse(f.since);
      if (Number.isFinite(ms)) {
        where.push('at >= ?');
        args.push(ms);
      }
    }
    const limit = Math.min(Math.max(Number(f.limit) || 200, 1), 5000);
    const sql = `SELECT * FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    return (stmt(this.db, sql).all(...args) as Row[]).map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      method: r.method,
      path: r.path,
      query: r.query,
      appid: r.appid,
      persona: r.persona,
      phone: r.phone,
      status: r.status,
      durationMs: r.duration_ms,
      request: JSON.parse(r.request),
      response: JSON.parse(r.response),
    }));
  }

  clear(): void {
    this.pending = [];
    write(this.db, ['journal'], 'DELETE FROM journal');
  }

  count(): number {
    this.flush();
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
  }
}

/**
 * Bodies the emulated APIs wrote, by response: reading a response back (clone, tee, text) costs
 * more than the rest of a request, so the helpers that build API answers hand their text over.
 */
const writtenBodies = new WeakMap<Response, string>();

/** Notes the JSON text a response was built from (JSON.stringify output), for the journal; returns the response. */
export function journalText(res: Response, json: string): Response {
  writtenBodies.set(res, json);
  return res;
}

/** Lets a handler say which appid / persona / phone a request concerned, for journal filters. */
export function tagJournal(c: Context, tags: JournalTags): void {
  const prev = (c.get('journalTags' as never) as JournalTags | undefined) ?? {};
  c.set('journalTags' as never, { ...prev, ...tags } as never);
}

/** The request's headers as name/value pairs: Node's own list when served by @hono/node-server (no Headers object built). */
function requestHeaderPairs(c: Context): string[] {
  const incoming = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming;
  if (incoming?.rawHeaders) return incoming.rawHeaders;
  const pairs: string[] = [];
  c.req.raw.headers.forEach((v, k) => {
    pairs.push(k, v);
  });
  return pairs;
}

export function journalMiddleware(journal: Journal, clock: Clock, skip: (path: string) => boolean, opts: { maxBodyBytes?: number } = {}): MiddlewareHandler {
  const limit = opts.maxBodyBytes ?? Infinity;
  return async (c, next) => {
    const path = c.req.path;
    if (skip(path)) return next();
    const started = performance.now();
    // Read the raw bytes first (signature checks downstream need them unchanged); the handler
    // gets the same read (core/request-body.ts), and a body over the limit is never held whole.
    let requestBody = '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const body = await readRequestBody(c, limit);
      requestBody = body.tooLarge ? `[request body over ${limit} bytes, not read]` : body.text;
    }
    await next();
    let responseBody = writtenBodies.get(c.res);
    const responseIsJson = responseBody !== undefined;
    if (responseBody === undefined) {
      responseBody = '';
      const type = c.res.headers.get('content-type') ?? '';
      if (c.res.body && !type.startsWith('image/')) {
        try {
          responseBody = await c.res.clone().text();
        } catch {
          responseBody = '';
        }
      }
    }
    const url = c.req.url;
    const q = url.indexOf('?');
    const hash = url.indexOf('#', q);
    const query = q < 0 ? '' : url.slice(q + 1, hash < 0 ? undefined : hash);
    const tags = (c.get('journalTags' as never) as JournalTags | undefined) ?? {};
    const responseHeaders: Record<string, string> = {};
    c.res.headers.forEach((v, k) => {
      responseHeaders[k] = v;
    });
    journal.record({
      at: clock.now(),
      method: c.req.method,
      path,
      query,
      appid: tags.appid ?? c.req.query('appid') ?? null,
      persona: tags.persona ?? null,
      phone: tags.phone ?? null,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      requestHeaders: requestHeaderPairs(c),
      requestBody,
      responseHeaders,
      responseBody,
      responseIsJson,
    });
  };
}
