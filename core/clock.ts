import { getSetting, putSetting, type Db } from './db.ts';
import { ReadCache } from './read-cache.ts';

/**
 * The mock's notion of "now": real time plus a persisted offset, so tests can expire
 * codes and tokens by advancing the clock instead of waiting.
 */
export class Clock {
  /** The offset as last read: "now" is asked for several times per request. */
  private readonly cache: ReadCache;

  constructor(private readonly db: Db) {
    this.cache = new ReadCache(db, ['settings']);
  }

  /** Milliseconds since the epoch, offset applied. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Whole seconds since the epoch, offset applied. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  get offsetMs(): number {
    return this.cache.get('offset', () => ({ ms: Number(getSetting(this.db, 'clock.offsetMs') ?? 0) }))!.ms;
  }

  setOffset(ms: number): void {
    putSetting(this.db, 'clock.offsetMs', String(Math.trunc(ms)));
  }

  advance(ms: number): void {
    this.setOffset(this.offsetMs + ms);
  }
}
