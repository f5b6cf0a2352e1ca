import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/** Tables every mock has: settings (clock offset and the like), request journal, fault queue. */
export const coreMigrations: string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE journal (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     method TEXT NOT NULL,
     path TEXT NOT NULL,
     query TEXT NOT NULL DEFAULT '',
     appid TEXT, persona TEXT, phone TEXT,
     status INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL,
     request TEXT NOT NULL,
     response TEXT NOT NULL
   );
   CREATE INDEX journal_at ON journal(at);
   CREATE TABLE faults (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     endpoint TEXT NOT NULL,
     match TEXT NOT NULL DEFAULT '{}',
     action TEXT NOT NULL,
     remaining INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );`,
];

/**
 * Opens (or creates) a mock's database and brings its schema up to date.
 * `migrations` is append-only: index i moves the schema from user_version i to i+1.
 */
export function openDatabase(file: string, migrations: string[]): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new Error(`${file}: schema version ${current} is newer than this wxmock (${migrations.length}); upgrade wxmock or delete the file`);
  }
  const migrate = db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${migrations.length}`);
  });
  migrate();
  cacheStatements(db);
  return db;
}

/** More distinct SQL texts than any mock uses; dynamic ones (journal filters, imports) just start over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `db.prepare` hand back one statement per SQL text: preparing costs more than running
 * most of the mocks' queries, and the request paths prepare on every call. Safe because no
 * caller changes a statement's mode (pluck/raw/expand) or keeps one busy (iterate).
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      stmt = prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Db['prepare'];
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function putSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
