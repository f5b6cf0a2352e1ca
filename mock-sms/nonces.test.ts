import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock } from '../core/clock.ts';
import { closeDatabase, type Db } from '../core/db.ts';
import { openSmsDb } from './db.ts';
import { Nonces } from './nonces.ts';

let db: Db;
let clock: Clock;
let nonces: Nonces;

beforeEach(() => {
  db = openSmsDb(':memory:');
  clock = new Clock(db);
  nonces = new Nonces(db, clock);
});
afterEach(() => closeDatabase(db));

describe('nonces', () => {
  it('takes a nonce once per window and key; a reuse inside the window does not extend it', () => {
    expect(nonces.use('key-a', 'n1', 900)).toBe(true);
    expect(nonces.use('key-a', 'n1', 900)).toBe(false);
    expect(nonces.use('key-b', 'n1', 900)).toBe(true);
    clock.advance(899_000);
    expect(nonces.use('key-a', 'n1', 900)).toBe(false);
    clock.advance(2_000);
    // The refused reuse 899 s in did not restart the window.
    expect(nonces.use('key-a', 'n1', 900)).toBe(true);
    expect(nonces.use('key-a', 'n1', 900)).toBe(false);
    const row = db.prepare("SELECT at FROM sms_nonces WHERE key_id = 'key-a' AND nonce = 'n1'").get() as { at: number };
    expect(Math.abs(row.at - clock.now())).toBeLessThan(1000);
  });

  it('prune drops the nonces older than the window', () => {
    nonces.use('key-a', 'old', 60);
    clock.advance(120_000);
    nonces.use('key-a', 'new', 60);
    nonces.prune(60);
    expect((db.prepare('SELECT nonce FROM sms_nonces').all() as { nonce: string }[]).map((r) => r.nonce)).toEqual(['new']);
  });
});
