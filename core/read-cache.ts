import type { Db } from './db.ts';
import { inExplicitTransaction } from './db.ts';
import { BoundedMap } from './bounded-map.ts';

/** Frozen (with its nested objects) so a caller changing a cached entry fails loudly instead of changing it for everyone. */
function frozen<T extends object>(x: T): T {
  for (const v of Object.values(x)) if (v && typeof v === 'object') Object.freeze(v);
  return Object.freeze(x);
}

/**
 * Rows a mock reads on every API call (apps, personas, keys, templates, tokens), kept as last
 * read. The owner calls forget() after each of its own writes and on reset or state import;
 * writes by another connection to the database file (`wxmock import` while the mock runs) are
 * caught by SQLite's data_version, read once per event-loop turn. Misses are not kept (any id a
 * request names would stay), nothing is kept inside a db.transaction() (a rollback cannot leave a
 * stale entry behind), and at most `limit` entries are kept.
 */
export class ReadCache {
  private readonly entries: BoundedMap<string, object>;
  private dataVersion = -1;
  /** data_version was read in this turn: what another process commits later is seen from the next turn on. */
  private versionChecked = false;

  constructor(private readonly db: Db, limit = 10_000) {
    this.entries = new BoundedMap(limit);
  }

  forget(): void {
    this.entries.clear();
  }

  /** The entry under `key`, read (and kept, when found) on a miss. */
  get<T extends object>(key: string, read: () => T | undefined): T | undefined {
    if (!this.usable()) return read();
    const hit = this.entries.get(key);
    if (hit) return hit as T;
    const v = read();
    if (v) this.entries.set(key, frozen(v));
    return v;
  }

  /** True when entries may be used: outside a db.transaction(), and nothing committed elsewhere since they were read. */
  private usable(): boolean {
    if (inExplicitTransaction(this.db)) return false;
    if (this.versionChecked) return true;
    const v = (this.db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    if (v !== this.dataVersion) {
      this.dataVersion = v;
      this.forget();
    }
    this.versionChecked = true;
    setImmediate(() => {
      this.versionChecked = false;
    });
    return true;
  }
}
