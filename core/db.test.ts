import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, committed, coreMigrations, getSetting, openDatabase, putSetting, stmt, write, writeHistory } from './db.ts';

const JOURNAL_ROW = "INSERT INTO journal(at, method, path, status, duration_ms, request, response) VALUES (0, 'GET', '/', 200, 0, '{}', '{}')";

describe('stmt: one prepared statement per SQL text', () => {
  it('hands back the same statement for the same SQL, and it answers each call with its own parameters', () => {
    const db = openDatabase(':memory:', coreMigrations);
    const sql = 'SELECT value FROM settings WHERE key = ?';
    expect(stmt(db, sql)).toBe(stmt(db, sql));
    putSetting(db, 'a', '1');
    putSetting(db, 'b', '2');
    putSetting(db, 'a', '3');
    expect([getSetting(db, 'a'), getSetting(db, 'b'), getSetting(db, 'c')]).toEqual(['3', '2', undefined]);
    closeDatabase(db);
  });

  it('keeps working past the cache size with ever new SQL texts', () => {
    const db = openDatabase(':memory:', coreMigrations);
    for (let i = 0; i < 1200; i++) expect(stmt(db, `SELECT ${i} AS n`).get()).toEqual({ n: i });
    expect(stmt(db, 'SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    closeDatabase(db);
  });
});

describe('write: the unit of work', () => {
  it('is the only way to change state: stmt() hands out a writing statement only inside one', () => {
    const db = openDatabase(':memory:', coreMigrations);
    expect(() => stmt(db, "INSERT INTO settings(key, value) VALUES ('x', '1')")).toThrow(/outside a unit of work/);
    write(db, ['settings'], "INSERT INTO settings(key, value) VALUES ('x', '1')");
    expect(getSetting(db, 'x')).toBe('1');
    // Known to the statement cache now, and still refused outside.
    expect(() => stmt(db, "INSERT INTO settings(key, value) VALUES ('x', '1')")).toThrow(/outside a unit of work/);
    closeDatabase(db);
  });

  it('is all or nothing: a unit that throws leaves nothing of its own, and what came before stays', () => {
    const db = openDatabase(':memory:', coreMigrations);
    putSetting(db, 'before', '1');
    expect(() =>
      write(db, ['settings'], () => {
        putSetting(db, 'inside', '1');
        stmt(db, "UPDATE settings SET value = 'changed' WHERE key = 'before'").run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect([getSetting(db, 'before'), getSetting(db, 'inside')]).toEqual(['1', undefined]);
    // An inner unit that fails and is caught undoes its own writes only.
    write(db, ['settings'], () => {
      putSetting(db, 'outer', '1');
      try {
        write(db, ['settings'], () => {
          putSetting(db, 'inner', '1');
          throw new Error('inner');
        });
      } catch {
        // the outer unit goes on
      }
    });
    expect([getSetting(db, 'outer'), getSetting(db, 'inner')]).toEqual(['1', undefined]);
    closeDatabase(db);
  });

  it('of one statement: write(db, tables, sql, ...params) runs it with its parameters and returns its result', () => {
    const db = openDatabase(':memory:', coreMigrations);
    expect(write(db, ['settings'], 'INSERT INTO settings(key, value) VALUES (?, ?)', 'one', '1').changes).toBe(1);
    expect(write(db, ['settings'], 'UPDATE settings SET value = @value WHERE key = @key', { key: 'one', value: '2' }).changes).toBe(1);
    expect(getSetting(db, 'one')).toBe('2');
    // A statement that fails changes nothing (SQLite applies a statement whole or not at all).
    expect(() => write(db, ['settings'], "INSERT INTO settings(key, value) VALUES ('two', '2'), ('one', '3')")).toThrow(/UNIQUE/);
    expect([getSetting(db, 'one'), getSetting(db, 'two')]).toEqual(['2', undefined]);
    expect(() => write(db, ['setings'], 'DELETE FROM settings')).toThrow('no table setings');
    closeDatabase(db);
  });

  it('refuses a table the schema does not have, and an async function, before or instead of committing anything', () => {
    const db = openDatabase(':memory:', coreMigrations);
    expect(() => write(db, ['setings'], () => undefined)).toThrow('no table setings');
    expect(() => write(db, ['settings'], (async () => putSetting(db, 'late', '1')) as () => unknown)).toThrow(/synchronous/);
    expect(getSetting(db, 'late')).toBeUndefined();
    closeDatabase(db);
  });
});

describe('write: group commit', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wxmock-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('units of a burst share a transaction: the connection sees them at once, another connection once it commits', async () => {
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
    expect(other.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    other.close();
    closeDatabase(db);
  });

  it('closeDatabase() commits what the turn wrote, and a reopened database has it', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    putSetting(db, 'kept', 'yes');
    closeDatabase(db);
    const again = openDatabase(file, coreMigrations);
    expect(getSetting(again, 'kept')).toBe('yes');
    closeDatabase(again);
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
    write(db, ['settings'], () => putSetting(db, 'third', '3'));
    expect(other.inTransaction).toBe(false);
    closeDatabase(other);
    expect([getSetting(db, 'first'), getSetting(db, 'second'), getSetting(db, 'third')]).toEqual(['1', '2', '3']);
    closeDatabase(db);
  });

  it('committed(): a change to state is committed when the promise resolves, and it resolves within the turn, before the timer', async () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    const other = new Database(file, { readonly: true });
    putSetting(db, 'acknowledged', 'yes');
    const waiting = committed(db);
    expect(waiting).toBeInstanceOf(Promise);
    let resolved = false;
    void waiting!.then(() => {
      resolved = true;
    });
    await nextTurn();
    await nextTurn();
    expect(resolved).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(other.prepare("SELECT value FROM settings WHERE key = 'acknowledged'").get()).toEqual({ value: 'yes' });
    expect(committed(db)).toBeUndefined();
    other.close();
    closeDatabase(db);
  });

  it('committed(): nothing to wait for after history only, after a unit that failed, or in memory', () => {
    const file = join(dir, 'm.db');
    const db = openDatabase(file, coreMigrations);
    writeHistory(db, ['journal'], () => stmt(db, JOURNAL_ROW).run());
    expect(db.inTransaction).toBe(true);
    expect(committed(db)).toBeUndefined();
    expect(() =>
      write(db, ['settings'], () => {
        putSetting(db, 'undone', '1');
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(committed(db)).toBeUndefined();
    closeDatabase(db);
    const memory = openDatabase(':memory:', coreMigrations);
    putSetting(memory, 'x', '1');
    expect(committed(memory)).toBeUndefined();
    closeDatabase(memory);
  });
});
