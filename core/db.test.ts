import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { committed, coreMigrations, getSetting, historyWrites, openDatabase, putSetting } from './db.ts';

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

describe('openDatabase: group commit', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wxmock-db-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes of a burst share a transaction: the connection sees them at once, another connection once it commits', async () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    const other = new Database(file, { readonly: true });
    putSetting(db, 'a', '1');
    putSetting(db, 'b', '2');
    expect(db.inTransaction).toBe(true);
    expect(getSetting(db, 'a')).toBe('1');
    expect(other.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    const deadline = Date.now() + 2000;
    while (db.inTransaction && Date.now() < deadline) await nextTurn();
    expect(db.inTransaction).toBe(false);
    expect(other.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    other.close();
    db.close();
  });

  it('close() commits what the turn wrote, and a reopened database has it', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    putSetting(db, 'kept', 'yes');
    db.close();
    const again = openDatabase(file, coreMigrations);
    expect(getSetting(again, 'kept')).toBe('yes');
    again.close();
  });

  it('a second connection of this process writes at once while the first holds its group commit', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    putSetting(db, 'first', '1');
    expect(db.inTransaction).toBe(true);
    // Without handing over, this thread would wait out the busy timeout on its own lock ("database is locked").
    const other = openDatabase(join(dir, '.', 'm.db'), coreMigrations);
    putSetting(other, 'second', '2');
    expect(db.inTransaction).toBe(false);
    putSetting(db, 'third', '3');
    expect(other.inTransaction).toBe(false);
    other.close();
    expect([getSetting(db, 'first'), getSetting(db, 'second'), getSetting(db, 'third')]).toEqual(['1', '2', '3']);
    db.close();
  });

  it('a db.transaction() of a second connection runs at once while the first holds its group commit', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    const other = openDatabase(file, coreMigrations);
    putSetting(db, 'first', '1');
    expect(db.inTransaction).toBe(true);
    other.transaction(() => putSetting(other, 'second', '2'))();
    expect(other.inTransaction).toBe(false);
    expect([getSetting(db, 'first'), getSetting(db, 'second')]).toEqual(['1', '2']);
    other.close();
    db.close();
  });

  it('a failing db.transaction() inside the turn undoes only its own writes', async () => {
    const db = openDatabase(':memory:', coreMigrations);
    putSetting(db, 'before', '1');
    const failing = db.transaction(() => {
      putSetting(db, 'inside', '1');
      throw new Error('boom');
    });
    expect(() => failing()).toThrow('boom');
    await nextTurn();
    expect([getSetting(db, 'before'), getSetting(db, 'inside')]).toEqual(['1', undefined]);
    db.close();
  });

  it('committed(): a change to state is committed when the promise resolves, and it resolves within the turn, before the timer', async () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    const other = new Database(file, { readonly: true });
    putSetting(db, 'acknowledged', 'yes');
    const waiting = committed(db);
    expect(waiting).toBeInstanceOf(Promise);
    let resolved = false;
    void waiting!.then(() => { resolved = true; });
    await nextTurn();
    await nextTurn();
    expect(resolved).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(other.prepare("SELECT value FROM settings WHERE key = 'acknowledged'").get()).toEqual({ value: 'yes' });
    expect(committed(db)).toBeUndefined();
    other.close();
    db.close();
  });

  it('committed(): nothing to wait for after history writes only, after a db.transaction() of its own, or in memory', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    historyWrites(db, () => db.prepare("INSERT INTO journal(at, method, path, status, duration_ms, request, response) VALUES (0, 'GET', '/', 200, 0, '{}', '{}')").run());
    expect(db.inTransaction).toBe(true);
    expect(committed(db)).toBeUndefined();
    db.close();
    const again = openDatabase(file, coreMigrations);
    again.transaction(() => putSetting(again, 'own', '1'))();
    expect(again.inTransaction).toBe(false);
    expect(committed(again)).toBeUndefined();
    again.close();
    const memory = openDatabase(':memory:', coreMigrations);
    putSetting(memory, 'x', '1');
    expect(committed(memory)).toBeUndefined();
    memory.close();
  });
});
