import { stmt, write, type Db } from './db.ts';
import type { Clock } from './clock.ts';

/**
 * What an injected fault does to the next matching call, in the two fields every service
 * understands. Each mock adds its own fields (mock-wechat an errcode, mock-sms a provider code, …),
 * declares them in its `FaultFields` and reads them from what `take` returns.
 */
export interface FaultAction {
  /** replaces the answer with a bare HTTP failure */
  httpStatus?: number;
  /** holds the answer back (alone or combined) */
  delayMs?: number;
}

/** The facts of a call a fault can be limited to; the names are the mock's own (appid, phone, …). */
export type FaultMatch = Record<string, string | undefined>;

/** A mock's own fault fields, as POST /__mock/faults takes them (core/control.ts). */
export interface FaultFields {
  /** action fields besides httpStatus and delayMs; an "integer" one must be a whole number */
  action: Record<string, 'integer' | 'any'>;
  /** the facts a fault may be limited to, given at the top level of the body or under `match` */
  match: readonly string[];
}

export interface Fault<A extends FaultAction = FaultAction> {
  id: number;
  endpoint: string;
  match: FaultMatch;
  action: A;
  remaining: number;
  createdAt: string;
}

interface Row {
  id: number;
  endpoint: string;
  match: string;
  action: string;
  remaining: number;
  created_at: number;
}

function toFault<A extends FaultAction>(r: Row): Fault<A> {
  return {
    id: r.id,
    endpoint: r.endpoint,
    match: JSON.parse(r.match),
    action: JSON.parse(r.action),
    remaining: r.remaining,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** A queue of faults: each fires for the next `times` calls matching its endpoint and filters. */
export class Faults<A extends FaultAction = FaultAction> {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  add(endpoint: string, action: A, opts: { times?: number; match?: FaultMatch } = {}): Fault<A> {
    const times = Math.max(1, Math.trunc(opts.times ?? 1));
    const info = write(
      this.db,
      ['faults'],
      'INSERT INTO faults(endpoint, match, action, remaining, created_at) VALUES (?, ?, ?, ?, ?)',
      endpoint,
      JSON.stringify(opts.match ?? {}),
      JSON.stringify(action),
      times,
      this.clock.now(),
    );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): Fault<A> | undefined {
    const r = stmt(this.db, 'SELECT * FROM faults WHERE id = ?').get(id) as Row | undefined;
    return r && toFault<A>(r);
  }

  list(): Fault<A>[] {
    return (stmt(this.db, 'SELECT * FROM faults ORDER BY id').all() as Row[]).map((r) => toFault<A>(r));
  }

  remove(id: number): boolean {
    return write(this.db, ['faults'], 'DELETE FROM faults WHERE id = ?', id).changes > 0;
  }

  clear(): void {
    write(this.db, ['faults'], 'DELETE FROM faults');
  }

  /**
   * Consumes one firing of the oldest fault matching this call, if any.
   * `endpoint` is the request path; a fault's endpoint matches it exactly, or as a prefix ending in `*`.
   */
  take(endpoint: string, facts: FaultMatch = {}): A | undefined {
    if (!this.hasAny()) return undefined;
    return write(this.db, ['faults'], () => this.takeFrom(endpoint, facts));
  }

  private takeFrom(endpoint: string, facts: FaultMatch): A | undefined {
    const rows = stmt(this.db, 'SELECT * FROM faults WHERE remaining > 0 ORDER BY id').all() as Row[];
    for (const r of rows) {
      const pattern = r.endpoint;
      const hit = pattern === '*' || pattern === endpoint || (pattern.endsWith('*') && endpoint.startsWith(pattern.slice(0, -1)));
      if (!hit) continue;
      const m = JSON.parse(r.match) as FaultMatch;
      if (Object.entries(m).some(([k, v]) => v !== undefined && v !== '' && facts[k] !== v)) continue;
      if (r.remaining <= 1) stmt(this.db, 'DELETE FROM faults WHERE id = ?').run(r.id);
      else stmt(this.db, 'UPDATE faults SET remaining = remaining - 1 WHERE id = ?').run(r.id);
      return JSON.parse(r.action) as A;
    }
    return undefined;
  }

  private hasAny(): boolean {
    // Cheap check on the hot path: most calls run with no faults queued.
    return stmt(this.db, 'SELECT 1 FROM faults LIMIT 1').get() !== undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
