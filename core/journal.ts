import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from './db.ts';
import type { Clock } from './clock.ts';
import { maskHeaders, maskJson, maskParams } from './mask.ts';

export interface JournalTags {
  appid?: string;
  persona?: string;
  phone?: string;
}

export interface JournalEntry {
  id: number;
  at: string;
  method: string;
  path: string;
  query: string;
  appid: string | null;
  persona: string | null;
  phone: string | null;
  status: number;
  durationMs: number;
  request: { headers: Record<string, string>; body: unknown };
  response: { headers: Record<string, string>; body: unknown };
}

export interface JournalFilter {
  path?: string;
  appid?: string;
  persona?: string;
  phone?: string;
  /** epoch ms or ISO date */
  since?: number | string;
  limit?: number;
}

interface Row {
  id: number; at: number; method: string; path: string; query: string;
  appid: string | null; persona: string | null; phone: string | null;
  status: number; duration_ms: number; request: string; response: string;
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

/** Every request to a mock's real API and the answer it got, secrets masked, capped in size. */
export class Journal {
  private inserts = 0;
  private pending: Omit<Row, 'id'>[] = [];
  private flushQueued = false;
  private readonly insertMany;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly cap = 10_000) {
    const insert = db.prepare(
      `INSERT INTO journal(at, method, path, query, appid, persona, phone, status, duration_ms, request, response)
       VALUES (@at, @method, @path, @query, @appid, @persona, @phone, @status, @duration_ms, @request, @response)`,
    );
    this.insertMany = db.transaction((rows: Omit<Row, 'id'>[]) => {
      for (const r of rows) insert.run(r);
    });
  }

  /**
   * Queues an entry; it is written with the others of the same event-loop turn, in one
   * transaction (one commit per request was most of the journal's cost on a file database).
   * The write happens before any later request is handled, and every read flushes first.
   */
  record(e: Omit<Row, 'id'>): void {
    this.pending.push(e);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  /** Writes the queued entries now. */
  flush(): void {
    this.flushQueued = false;
    if (!this.pending.length) return;
    const rows = this.pending;
    this.pending = [];
    if (!this.db.open) return;
    this.insertMany(rows);
    // Pruning in batches keeps the insert path cheap while bounding the table.
    const before = this.inserts;
    this.inserts += rows.length;
    if (Math.floor(this.inserts / 256) > Math.floor(before / 256)) this.prune();
  }

  prune(): void {
    this.db.prepare('DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - ?').run(this.cap);
  }

  list(f: JournalFilter = {}): JournalEntry[] {
    this.flush();
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.path) { where.push('path LIKE ?'); args.push(`%${f.path}%`); }
    if (f.appid) { where.push('appid = ?'); args.push(f.appid); }
    if (f.persona) { where.push('persona = ?'); args.push(f.persona); }
    if (f.phone) { where.push('phone LIKE ?'); args.push(`%${f.phone}%`); }
    if (f.since !== undefined && f.since !== '') {
      const ms = typeof f.since === 'number' ? f.since : /^\d+$/.test(f.since) ? Number(f.since) : Date.parse(f.since);
      if (Number.isFinite(ms)) { where.push('at >= ?'); args.push(ms); }
    }
    const limit = Math.min(Math.max(Number(f.limit) || 200, 1), 5000);
    const sql = `SELECT * FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...args) as Row[]).map((r) => ({
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
    this.db.prepare('DELETE FROM journal').run();
  }

  count(): number {
    this.flush();
    return (this.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
  }
}

/**
 * Bodies the emulated APIs wrote, by response: reading a response back (clone, tee, text) costs
 * more than the rest of a request, so the helpers that build API answers hand their text over.
 */
const writtenBodies = new WeakMap<Response, string>();

/** Notes the text a response was built from, for the journal; returns the response. */
export function journalText(res: Response, text: string): Response {
  writtenBodies.set(res, text);
  return res;
}

/** Lets a handler say which appid / persona / phone a request concerned, for journal filters. */
export function tagJournal(c: Context, tags: JournalTags): void {
  const prev = (c.get('journalTags' as never) as JournalTags | undefined) ?? {};
  c.set('journalTags' as never, { ...prev, ...tags } as never);
}

export function journalMiddleware(journal: Journal, clock: Clock, skip: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (skip(path)) return next();
    const started = performance.now();
    // Read the raw bytes first: signature checks downstream need them unchanged, and Hono caches them.
    let reqText = '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try {
        reqText = new TextDecoder().decode(await c.req.arrayBuffer());
      } catch {
        reqText = '';
      }
    }
    await next();
    let resText = writtenBodies.get(c.res);
    if (resText === undefined) {
      resText = '';
      const type = c.res.headers.get('content-type') ?? '';
      if (c.res.body && !type.startsWith('image/')) {
        try {
          resText = await c.res.clone().text();
        } catch {
          resText = '';
        }
      }
    }
    const url = new URL(c.req.url);
    const tags = (c.get('journalTags' as never) as JournalTags | undefined) ?? {};
    const reqHeaders: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => { reqHeaders[k] = v; });
    const resHeaders: Record<string, string> = {};
    c.res.headers.forEach((v, k) => { resHeaders[k] = v; });
    journal.record({
      at: clock.now(),
      method: c.req.method,
      path,
      query: maskParams(url.search.slice(1)),
      appid: tags.appid ?? url.searchParams.get('appid') ?? null,
      persona: tags.persona ?? null,
      phone: tags.phone ?? null,
      status: c.res.status,
      duration_ms: Math.round(performance.now() - started),
      request: JSON.stringify({ headers: maskHeaders(reqHeaders), body: bodyValue(reqText) }),
      response: JSON.stringify({ headers: resHeaders, body: bodyValue(resText) }),
    });
  };
}
