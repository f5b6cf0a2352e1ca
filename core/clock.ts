import { getSetting, putSetting, type Db } from './db.ts';

/**
 * The mock's notion of "now": real time plus a persisted offset, so tests can expire
 * codes and tokens by advancing the clock instead of waiting.
 */
export class Clock {
  private offset: number;

  constructor(private readonly db: Db) {
    this.offset = Number(getSetting(db, 'clock.offsetMs') ?? 0);
  }

  /** Milliseconds since the epoch, offset applied. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Whole seconds since the epoch, offset applied. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  get offsetMs(): number {
    return this.offset;
  }

  setOffset(ms: number): void {
    this.offset = Math.trunc(ms);
    putSetting(this.db, 'clock.offsetMs', String(this.offset));
  }

  advance(ms: number): void {
    this.setOffset(this.offset + ms);
  }

  /** Re-reads the offset after the database was replaced wholesale (import, reset). */
  reload(): void {
    this.offset = Number(getSetting(this.db, 'clock.offsetMs') ?? 0);
  }
}
