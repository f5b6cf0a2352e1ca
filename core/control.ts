import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { stmt, write, type Db } from './db.ts';
import type { Clock } from './clock.ts';
import { ControlError } from './control-errors.ts';
import type { Journal } from './journal.ts';
import type { FaultAction, FaultFields, Faults } from './faults.ts';

/**
 * The answer to a refused control call (ours, not an emulated service's): `{error:{code,message}}`
 * with the status of the code's row in core/control-errors.ts. Control routes throw ControlError;
 * each app's error handler answers it with this.
 */
export function controlAnswer(c: Context, e: ControlError): Response {
  return c.json({ error: { code: e.code, message: e.message } }, e.status);
}

/** What each app's not-found handler answers under /__mock/. */
export function controlNotFound(c: Context): Response {
  return controlAnswer(c, new ControlError('not_found', `no control route ${c.req.method} ${c.req.path}`));
}

/** `value`, or a not_found refusal saying what is missing ("no app wx…"). */
export function found<T>(value: T | undefined | null, missing: string): T {
  if (value === undefined || value === null) throw new ControlError('not_found', missing);
  return value;
}

/** The request body as a JSON object; a body that is not one is refused (bad_json). */
export async function jsonObject(c: Context): Promise<Record<string, unknown>> {
  const b = await readJson(c);
  if (!b || Array.isArray(b)) throw new ControlError('bad_json', 'body must be a JSON object');
  return b;
}

/** Parses a JSON request body; undefined when it is missing or malformed. */
export async function readJson<T = Record<string, unknown>>(c: Context): Promise<T | undefined> {
  try {
    const text = await c.req.text();
    if (!text.trim()) return {} as T;
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Requires the control token on /__mock/ when one is configured (non-loopback binds). */
export function controlGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next();
    const given = c.req.header('x-wxmock-token') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.query('token');
    if (given !== token) throw new ControlError('unauthorized', 'control token required (header x-wxmock-token)');
    return next();
  };
}

export interface StateIo {
  db: Db;
  /** tables left out of export/import (the journal is history, not state) */
  exclude?: string[];
}

function userTables(db: Db, exclude: string[]): string[] {
  return (stmt(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !exclude.includes(n));
}

export function exportState(io: StateIo): { format: string; schema: number; tables: Record<string, unknown[]> } {
  const exclude = io.exclude ?? ['journal'];
  const tables: Record<string, unknown[]> = {};
  for (const t of userTables(io.db, exclude)) tables[t] = stmt(io.db, `SELECT * FROM "${t}"`).all();
  return { format: 'wxmock-state', schema: io.db.pragma('user_version', { simple: true }) as number, tables };
}

type Row = Record<string, string | number | null>;

/**
 * The rows a state document holds, checked against this database before anything is written:
 * format, schema version, known tables, rows that are objects of known columns with values
 * SQLite stores (text, number, null). Throws what is wrong.
 */
function checkedTables(io: StateIo, state: unknown): Record<string, Row[]> {
  const s = state as { format?: string; schema?: number; tables?: Record<string, unknown> };
  if (!s || typeof s !== 'object' || s.format !== 'wxmock-state' || !s.tables || typeof s.tables !== 'object' || Array.isArray(s.tables))
    throw new Error('not a wxmock state export (format "wxmock-state" expected)');
  const current = io.db.pragma('user_version', { simple: true }) as number;
  if (s.schema !== current) throw new Error(`state export has schema ${s.schema}, this mock has ${current}`);
  const tables = userTables(io.db, io.exclude ?? ['journal']);
  const out: Record<string, Row[]> = {};
  for (const [t, rows] of Object.entries(s.tables)) {
    if (!tables.includes(t)) throw new Error(`unknown table ${t}`);
    if (!Array.isArray(rows)) throw new Error(`table ${t} must be an array`);
    const columns = new Set((stmt(io.db, `SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name));
    for (const [i, row] of rows.entries()) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`table ${t} row ${i} must be an object`);
      for (const [c, v] of Object.entries(row)) {
        if (!columns.has(c)) throw new Error(`table ${t} has no column ${c}`);
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new Error(`table ${t} row ${i}: ${c} must be text, a number or null`);
      }
    }
    out[t] = rows as Row[];
  }
  return out;
}

/** Thrown inside a check-only import to roll it back. */
class DryRun extends Error {}

/**
 * Replaces the whole state: the document is checked first, then applied in one unit of work, so a
 * refused document (bad shape, or a row the database refuses) changes nothing. `dryRun` applies and
 * rolls back: it answers whether the document would be taken, and writes nothing. Every cache of
 * the database starts over (the unit names every table).
 */
export function importState(io: StateIo, state: unknown, opts: { dryRun?: boolean } = {}): void {
  const given = checkedTables(io, state);
  const tables = userTables(io.db, io.exclude ?? ['journal']);
  const apply = () => {
    for (const t of tables) stmt(io.db, `DELETE FROM "${t}"`).run();
    for (const [t, rows] of Object.entries(given)) {
      for (const row of rows) {
        const cols = Object.keys(row);
        if (!cols.length) continue;
        stmt(io.db, `INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => row[c]));
      }
    }
    if (opts.dryRun) throw new DryRun();
  };
  try {
    write(io.db, '*', apply);
  } catch (e) {
    if (e instanceof DryRun) return;
    throw e;
  }
}

export interface CommonControl {
  clock: Clock;
  journal: Journal;
  faults: Faults;
  /** the mock's own fault fields, besides httpStatus and delayMs */
  faultFields: FaultFields;
  state: StateIo;
  reset: () => void;
}

/** How far the clock may be set from the real time, either way: a century. */
export const MAX_CLOCK_OFFSET_MS = 100 * 365.25 * 86_400_000;

/** A JSON number, or a string spelling one; NaN for anything else (Number() would read [1] as 1 and null as 0). */
function numberField(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return Number.NaN;
}

const SHARED_FAULT_FIELDS: (keyof FaultAction)[] = ['httpStatus', 'delayMs'];

/** Journal, faults, clock, reset and export/import: the control routes both mocks share. */
export function commonControlRoutes(m: CommonControl): Hono {
  const app = new Hono();
  const faultActions = [...Object.keys(m.faultFields.action), ...SHARED_FAULT_FIELDS];

  app.get('/journal', (c) => {
    const q = c.req.query();
    return c.json({
      entries: m.journal.list({
        path: q.path,
        appid: q.appid,
        persona: q.persona,
        phone: q.phone,
        since: q.since,
        limit: q.limit ? Number(q.limit) : undefined,
      }),
    });
  });
  app.delete('/journal', (c) => {
    m.journal.clear();
    return c.json({ cleared: true });
  });

  app.get('/faults', (c) => c.json({ faults: m.faults.list() }));
  app.post('/faults', async (c) => {
    const body = await readJson<Record<string, unknown>>(c);
    if (!body) throw new ControlError('bad_json', 'body must be a JSON object');
    if (typeof body.endpoint !== 'string' || !body.endpoint)
      throw new ControlError('missing_endpoint', 'endpoint is required (a request path, a prefix ending in *, or *)');
    const action: Record<string, unknown> = {};
    for (const f of faultActions) if (body[f] !== undefined) action[f] = body[f];
    if (!Object.keys(action).length) throw new ControlError('missing_action', `say what the fault does: one of ${faultActions.join(', ')}`);
    for (const [f, kind] of Object.entries(m.faultFields.action)) {
      if (kind === 'integer' && action[f] !== undefined && !Number.isInteger(action[f])) throw new ControlError('invalid_field', `${f} must be an integer`);
    }
    const { httpStatus, delayMs } = action as FaultAction;
    if (httpStatus !== undefined && !(Number.isInteger(httpStatus) && httpStatus >= 400 && httpStatus <= 599))
      throw new ControlError('bad_http_status', 'httpStatus must be 400..599');
    if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0 && delayMs <= 120_000))
      throw new ControlError('bad_delay', 'delayMs must be 0..120000');
    const match = (body.match && typeof body.match === 'object' ? body.match : {}) as Record<string, string>;
    for (const k of m.faultFields.match) if (typeof body[k] === 'string') match[k] = body[k] as string;
    const times = body.times === undefined ? 1 : Number(body.times);
    if (!Number.isInteger(times) || times < 1) throw new ControlError('bad_times', 'times must be a positive integer');
    return c.json(m.faults.add(body.endpoint, action as FaultAction, { times, match }), 201);
  });
  app.delete('/faults', (c) => {
    m.faults.clear();
    return c.json({ cleared: true });
  });
  app.delete('/faults/:id', (c) => {
    if (!m.faults.remove(Number(c.req.param('id')))) throw new ControlError('not_found', 'no such fault');
    return c.json({ deleted: true });
  });

  app.get('/clock', (c) => c.json({ now: new Date(m.clock.now()).toISOString(), nowMs: m.clock.now(), offsetMs: m.clock.offsetMs }));
  app.post('/clock', async (c) => {
    const body = await readJson<Record<string, unknown>>(c);
    if (!body) throw new ControlError('bad_json', 'body must be a JSON object');
    // Beyond a century either way "now" stops being a date every client can handle.
    const inRange = (offset: number) => Math.abs(offset) <= MAX_CLOCK_OFFSET_MS;
    if (body.offsetMs !== undefined) {
      const offset = numberField(body.offsetMs);
      if (!Number.isFinite(offset) || !inRange(offset)) throw new ControlError('bad_offset', 'offsetMs must be a number within ±100 years');
      m.clock.setOffset(offset);
    } else if (body.advanceMs !== undefined || body.advanceSeconds !== undefined) {
      const ms = body.advanceMs !== undefined ? numberField(body.advanceMs) : numberField(body.advanceSeconds) * 1000;
      if (!Number.isFinite(ms) || !inRange(m.clock.offsetMs + ms))
        throw new ControlError('bad_advance', 'advanceMs / advanceSeconds must be a number keeping the offset within ±100 years');
      m.clock.advance(ms);
    } else throw new ControlError('missing_clock_change', 'give advanceSeconds, advanceMs or offsetMs');
    return c.json({ now: new Date(m.clock.now()).toISOString(), nowMs: m.clock.now(), offsetMs: m.clock.offsetMs });
  });

  app.post('/reset', (c) => {
    m.reset();
    return c.json({ reset: true });
  });

  app.get('/state', (c) => c.json(exportState(m.state)));
  app.put('/state', async (c) => {
    const body = await readJson(c);
    if (!body) throw new ControlError('bad_json', 'body must be a JSON state export');
    // ?dryRun=1: would this document be taken? (The console checks every mock's part before it applies any.)
    const dryRun = c.req.query('dryRun') === '1';
    try {
      importState(m.state, body, { dryRun });
    } catch (e) {
      throw new ControlError('bad_state', (e as Error).message);
    }
    return c.json(dryRun ? { valid: true } : { imported: true });
  });

  return app;
}
