import { describe, expect, it } from 'vitest';
import { coreMigrations, getSetting, openDatabase, putSetting } from './db.ts';

describe('openDatabase: one prepared statement per SQL text', () => {
  it('hands back the same statement for the same SQL, and it answers each call with its own parameters', () => {
    const db = openDatabase(':memory:', coreMigrations);
    const sql = 'SELECT value FROM settings WHERE key = ?';
    expect(db.prepare(sql)).toBe(db.prepare(sql));
    putSetting(db, 'a', '1');
    putSetting(db, 'b', '2');
    putSetting(db, 'a', '3');
    expect([getSetting(db, 'a'), getSetting(db, 'b'), getSetting(db, 'c')]).toEqual(['3', '2', undefined]);
    db.close();
  });

  it('keeps working past the cache size with ever new SQL texts', () => {
    const db = openDatabase(':memory:', coreMigrations);
    for (let i = 0; i < 1200; i++) expect(db.prepare(`SELECT ${i} AS n`).get()).toEqual({ n: i });
    expect(db.transaction(() => db.prepare('SELECT COUNT(*) AS n FROM settings').get())()).toEqual({ n: 0 });
    db.close();
  });
});
