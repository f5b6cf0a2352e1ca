import { watchTables, type Db } from './db.ts';
import { BoundedMap } from './bounded-map.ts';

/** Frozen (with its nested objects) so a caller changing a cached entry fails loudly instead of changing it for everyone. */
function frozen<T extends object>(x: T): T {
  for (const v of Object.values(x)) if (v && typeof v === 'object') Object.freeze(v);
  return Object.freeze(x);
}

/**
 * Rows a mock reads on every API call (apps, personas, keys, templates, tokens, settings), kept
 * as last read from the `tables` they come from. It empties itself: when a unit of work naming
 * one of those tables starts (core/db.ts `write()`; reset and state import name every table), and
 * when another connection commits to the database file (`wxmock import`, SQLite's data_version).
 * Nothing read while such a unit runs is kept (it may still roll back), misses are not kept (any
 * id a request names would stay), and at most `limit` entries are kept.
 */
export class ReadCache {
  private readonly entries: BoundedMap<string, object>;
  private readonly watch: { usable(): boolean };

  constructor(db: Db, tables: readonly string[], limit = 10_000) {
    this.entries = new BoundedMap(limit);
    this.watch = watchTables(db, tables, () => this.entries.clear());
  }

  /** The entry under `key`, read (and kept, when found) on a miss. */
  get<T extends object>(key: string, read: () => T | undefined): T | undefined {
    if (!this.watch.usable()) return read();
    const hit = this.entries.get(key);
    if (hit) return hit as T;
    const v = read();
    if (v) this.entries.set(key, frozen(v));
    return v;
  }
}
