import type { Clock } from '../core/clock.ts';
import { stmt, write, type Db } from '../core/db.ts';

/**
 * The Redis FastBee keeps its short-lived state in, emulated on a SQLite table: JSON values with
 * an optional expiry on the login system's own Clock, so tests expire codes by moving the clock.
 */
export class Kv {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get<T>(key: string): T | undefined {
    const row = stmt(this.db, 'SELECT value, expires_at FROM kv WHERE key = ?').get(key) as { value: string; expires_at: number | null } | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.clock.now()) {
      write(this.db, ['kv'], 'DELETE FROM kv WHERE key = ?', key);
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
    write(
      this.db,
      ['kv'],
      'INSERT INTO kv(key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
      key,
      JSON.stringify(value),
      expires,
    );
  }

  /** Replaces the value and keeps the remaining lifetime (an attempt counter must not extend a code's life). */
  replace(key: string, value: unknown): boolean {
    if (!this.has(key)) return false;
    return write(this.db, ['kv'], 'UPDATE kv SET value = ? WHERE key = ?', JSON.stringify(value), key).changes > 0;
  }

  /** Seconds left, -1 without expiry, undefined when absent. */
  ttl(key: string): number | undefined {
    if (!this.has(key)) return undefined;
    const row = stmt(this.db, 'SELECT expires_at FROM kv WHERE key = ?').get(key) as { expires_at: number | null };
    return row.expires_at === null ? -1 : Math.ceil((row.expires_at - this.clock.now()) / 1000);
  }

  expire(key: string, ttlSeconds: number): void {
    const expires = this.clock.now() + ttlSeconds * 1000;
    write(this.db, ['kv'], 'UPDATE kv SET expires_at = ? WHERE key = ?', expires, key);
  }

  del(key: string): boolean {
    return write(this.db, ['kv'], 'DELETE FROM kv WHERE key = ?', key).changes > 0;
  }

  /** Reads and deletes in one step: what makes a one-time id single use. */
  take<T>(key: string): T | undefined {
    return write(this.db, ['kv'], () => {
      const value = this.get<T>(key);
      if (value !== undefined) this.del(key);
      return value;
    });
  }

  /**
   * Sets the key only when it is absent (or expired), like SET NX EX; false when it is there. The
   * check and the write are one step: of concurrent callers exactly one gets true.
   */
  add(key: string, value: unknown, ttlSeconds: number): boolean {
    return write(this.db, ['kv'], () => {
      if (this.has(key)) return false;
      this.set(key, value, ttlSeconds);
      return true;
    });
  }

  /**
   * Counts one more unless `limit` are counted already: the new count, or undefined when the limit
   * was reached. The check and the increment are one step (no await can come between them), and
   * every increment gives the key `ttlSeconds` to live again.
   */
  countUpTo(key: string, limit: number, ttlSeconds: number): number | undefined {
    return write(this.db, ['kv'], () => {
      const current = this.get<number>(key) ?? 0;
      if (current >= limit) return undefined;
      this.set(key, current + 1, ttlSeconds);
      return current + 1;
    });
  }

  /** Integer counter with a lifetime set when it is created (like INCR + EXPIRE on first use). */
  incr(key: string, ttlSeconds: number): number {
    return write(this.db, ['kv'], () => {
      const current = this.get<number>(key);
      if (current === undefined) {
        this.set(key, 1, ttlSeconds);
        return 1;
      }
      this.replace(key, current + 1);
      return current + 1;
    });
  }

  prune(): void {
    const now = this.clock.now();
    write(this.db, ['kv'], 'DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?', now);
  }
}
