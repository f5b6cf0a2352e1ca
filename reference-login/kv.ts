import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db.ts';

/**
 * The Redis FastBee keeps its short-lived state in, emulated on a SQLite table: JSON values with
 * an optional expiry on the login system's own Clock, so tests expire codes by moving the clock.
 */
export class Kv {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value, expires_at FROM kv WHERE key = ?').get(key) as { value: string; expires_at: number | null } | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.clock.now()) {
      this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
      return undefined;
    }
    return JSON.parse(row.value) as T;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** ttlSeconds undefined = no expiry. */
  set(key: string, value: unknown, ttlSeconds?: number): void {
    const expires = ttlSeconds === undefined ? null : this.clock.now() + ttlSeconds * 1000;
    this.db
      .prepare('INSERT INTO kv(key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at')
      .run(key, JSON.stringify(value), expires);
  }

  /** Replaces the value and keeps the remaining lifetime (an attempt counter must not extend a code's life). */
  replace(key: string, value: unknown): boolean {
    if (!this.has(key)) return false;
    return this.db.prepare('UPDATE kv SET value = ? WHERE key = ?').run(JSON.stringify(value), key).changes > 0;
  }

  /** Seconds left, -1 without expiry, undefined when absent. */
  ttl(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const row = this.db.prepare('SELECT expires_at FROM kv WHERE key = ?').get(key) as { expires_at: number | null };
    return row.expires_at === null ? -1 : Math.ceil((row.expires_at - this.clock.now()) / 1000);
  }

  expire(key: string, ttlSeconds: number): void {
    this.db.prepare('UPDATE kv SET expires_at = ? WHERE key = ?').run(this.clock.now() + ttlSeconds * 1000, key);
  }

  del(key: string): boolean {
    return this.db.prepare('DELETE FROM kv WHERE key = ?').run(key).changes > 0;
  }

  /** Reads and deletes in one step: what makes a one-time id single use. */
  take<T>(key: string): T | undefined {
    let value: T | undefined;
    this.db.transaction(() => {
      value = this.get<T>(key);
      if (value !== undefined) this.del(key);
    })();
    return value;
  }

  /**
   * Sets the key only when it is absent (or expired), like SET NX EX; false when it is there. The
   * check and the write are one step: of concurrent callers exactly one gets true.
   */
  add(key: string, value: unknown, ttlSeconds: number): boolean {
    let added = false;
    this.db.transaction(() => {
      if (this.has(key)) return;
      this.set(key, value, ttlSeconds);
      added = true;
    })();
    return added;
  }

  /**
   * Counts one more unless `limit` are counted already: the new count, or undefined when the limit
   * was reached. The check and the increment are one step (no await can come between them), and
   * every increment gives the key `ttlSeconds` to live again.
   */
  countUpTo(key: string, limit: number, ttlSeconds: number): number | undefined {
    let n: number | undefined;
    this.db.transaction(() => {
      const current = this.get<number>(key) ?? 0;
      if (current >= limit) return;
      n = current + 1;
      this.set(key, n, ttlSeconds);
    })();
    return n;
  }

  /** Integer counter with a lifetime set when it is created (like INCR + EXPIRE on first use). */
  incr(key: string, ttlSeconds: number): number {
    let n = 0;
    this.db.transaction(() => {
      const current = this.get<number>(key);
      if (current === undefined) {
        n = 1;
        this.set(key, n, ttlSeconds);
      } else {
        n = current + 1;
        this.replace(key, n);
      }
    })();
    return n;
  }

  prune(): void {
    this.db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?').run(this.clock.now());
  }
}
