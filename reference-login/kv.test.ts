import { describe, expect, it } from 'vitest';
import { Clock } from '../core/clock.ts';
import { openLoginDb } from './db.ts';
import { Kv } from './kv.ts';

describe('Kv (Redis-like keys with TTL on the login system clock)', () => {
  const db = openLoginDb(':memory:');
  const clock = new Clock(db);
  const kv = new Kv(db, clock);

  it('expires keys by the clock, take() reads once, replace() keeps the lifetime', () => {
    kv.set('a', { n: 1 }, 60);
    kv.set('forever', 'x');
    expect(kv.get('a')).toEqual({ n: 1 });
    expect(kv.ttl('forever')).toBe(-1);
    expect(kv.replace('a', { n: 2 })).toBe(true);
    expect(kv.ttl('a')).toBe(60);
    clock.advance(59_000);
    expect(kv.get('a')).toEqual({ n: 2 });
    clock.advance(1_000);
    expect(kv.get('a')).toBeUndefined();
    expect(kv.replace('a', 1)).toBe(false);
    kv.set('once', 'v', 10);
    expect(kv.take('once')).toBe('v');
    expect(kv.take('once')).toBeUndefined();
    expect(kv.incr('c', 5)).toBe(1);
    expect(kv.incr('c', 5)).toBe(2);
    clock.advance(5_000);
    expect(kv.incr('c', 5)).toBe(1);
    expect(kv.get('forever')).toBe('x');
  });
});
