import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, coreMigrations, getSetting, openDatabase, putSetting, write, type Db } from './db.ts';
import { ReadCache } from './read-cache.ts';

/** A cache of settings rows, counting its reads of the table. */
function settingsCache(db: Db) {
  const cache = new ReadCache(db, ['settings']);
  let reads = 0;
  const get = (key: string) =>
    cache.get(key, () => {
      reads++;
      const value = getSetting(db, key);
      return value === undefined ? undefined : { value };
    })?.value;
  return { get, reads: () => reads };
}

describe('ReadCache: empties itself on the writes that change its tables', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:', coreMigrations);
    putSetting(db, 'seed', 'first');
  });
  afterEach(() => closeDatabase(db));

  it('a write through the unit of work is visible to the next read, with no call to the cache', () => {
    const c = settingsCache(db);
    expect(c.get('seed')).toBe('first');
    expect(c.get('seed')).toBe('first');
    expect(c.reads()).toBe(1);
    write(db, ['settings'], "UPDATE settings SET value = 'second' WHERE key = 'seed'");
    expect(c.get('seed')).toBe('second');
    putSetting(db, 'seed', 'third');
    expect(c.get('seed')).toBe('third');
  });

  it('keeps its entries through writes to other tables', () => {
    const c = settingsCache(db);
    c.get('seed');
    write(db, ['faults'], "INSERT INTO faults(endpoint, action, remaining, created_at) VALUES ('*', '{}', 1, 0)");
    expect(c.get('seed')).toBe('first');
    expect(c.reads()).toBe(1);
  });

  it('keeps nothing read inside a unit of work of its table, so a rollback leaves no stale entry', () => {
    const c = settingsCache(db);
    expect(() =>
      write(db, ['settings'], () => {
        putSetting(db, 'seed', 'undone');
        expect(c.get('seed')).toBe('undone');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(c.get('seed')).toBe('first');
  });

  it("starts over after a unit of work naming every table ('*': reset, state import)", () => {
    const c = settingsCache(db);
    c.get('seed');
    write(db, '*', 'DELETE FROM settings');
    expect(c.get('seed')).toBeUndefined();
  });
});

describe('ReadCache: another connection to the file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wxmock-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sees what another connection committed from the next event-loop turn on (data_version)', async () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    putSetting(db, 'seed', 'first');
    const c = settingsCache(db);
    expect(c.get('seed')).toBe('first');
    const other = openDatabase(file, coreMigrations);
    putSetting(other, 'seed', 'elsewhere');
    closeDatabase(other);
    const deadline = Date.now() + 2000;
    while (c.get('seed') !== 'elsewhere' && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(c.get('seed')).toBe('elsewhere');
    closeDatabase(db);
  });
});
