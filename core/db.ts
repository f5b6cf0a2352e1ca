import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BoundedMap } from './bounded-map.ts';

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
  const key = file === ':memory:' ? undefined : resolve(file);
  // A connection of this process holding its group commit would make this one wait on a lock
  // that only this (blocked) thread can release.
  if (key) commitOthers(key, undefined);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new Error(`${file}: schema version ${current} is newer than this wxmock (${migrations.length}); upgrade wxmock or delete the file`);
  }
  if (current < migrations.length) {
    const migrate = db.transaction(() => {
      for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
      db.pragma(`user_version = ${migrations.length}`);
    });
    migrate();
  }
  const group = groupCommits(db, key);
  cacheStatements(db, group.beforeWrite);
  countTransactions(db, group.handOver);
  if (key) commitWaits.set(db, group.committed);
  return db;
}

/** Per file database: the promise of the pending group commit, when it holds a change to state. */
const commitWaits = new WeakMap<Db, () => Promise<void> | undefined>();

/**
 * Resolves once every change to state this connection has made so far is committed (at once, so
 * at the end of the current event-loop turn, when one is pending); undefined when nothing is
 * pending or the database is in memory. What an answer waits for before it leaves (core/durable.ts).
 */
export function committed(db: Db): Promise<void> | undefined {
  return commitWaits.get(db)?.();
}

/** Writes inside `fn` are history (journal entries): no answer waits for their commit. */
export function historyWrites<T>(db: Db, fn: () => T): T {
  const depth = historyDepth.get(db) ?? { n: 0 };
  historyDepth.set(db, depth);
  depth.n++;
  try {
    return fn();
  } finally {
    depth.n--;
  }
}

const historyDepth = new WeakMap<Db, { n: number }>();

/** How many db.transaction() functions are running, per database (the turn's group commit is not one). */
const explicitDepth = new WeakMap<Db, { n: number }>();

/** True while a db.transaction() function runs: what it writes may still be rolled back. */
export function inExplicitTransaction(db: Db): boolean {
  return (explicitDepth.get(db)?.n ?? 0) > 0;
}

function countTransactions(db: Db, handOver: () => void): void {
  const depth = { n: 0 };
  explicitDepth.set(db, depth);
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn);
    return (...args: unknown[]) => {
      // Its own BEGIN takes the place of the group commit's, so it hands over the lock the same way.
      if (!db.inTransaction) handOver();
      depth.n++;
      try {
        return tx(...args);
      } finally {
        depth.n--;
      }
    };
  }) as Db['transaction'];
}

/**
 * How long the writes of a burst may share one transaction. Under load a transaction of a few
 * requests costs half as much per request as one of a single request (every random-key insert
 * copies its pages into the rollback journal or the WAL once per transaction).
 */
const GROUP_COMMIT_MS = 4;

/**
 * Group commit: the first write opens a transaction that commits GROUP_COMMIT_MS later, so the
 * requests of a burst share one commit (a commit per statement was most of a write's cost). The
 * connection sees its own writes at once; other processes see them once committed. An answer that
 * waits for its change (`committed()`) brings the commit forward to the end of the current
 * event-loop turn: the requests handled in that turn still share it, and no answer leaves before
 * the change it reports is committed. Writes nobody waits for (journal entries) keep the timer.
 * close() commits first. Returns the hook a write runs before it runs, the one that commits what
 * other connections of this process hold on the same file, and the wait for the pending commit.
 */
function groupCommits(db: Db, file: string | undefined): { beforeWrite: () => void; handOver: () => void; committed: () => Promise<void> | undefined } {
  // Prepared once: exec() would parse BEGIN and COMMIT again each time.
  const begin = db.prepare('BEGIN');
  const commitStmt = db.prepare('COMMIT');
  let timer: NodeJS.Timeout | undefined;
  /** The open transaction is the group's (not a db.transaction() of its own). */
  let groupOpen = false;
  /** It holds a change to state, not only history. */
  let stateWritten = false;
  let soon: NodeJS.Immediate | undefined;
  let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const commit = () => {
    // Inside a db.transaction() (a peer's commitOthers) the pending timer commits later instead.
    if (!db.open || inExplicitTransaction(db)) return;
    if (timer) clearTimeout(timer);
    if (soon) clearImmediate(soon);
    timer = undefined;
    soon = undefined;
    const done = waiters;
    waiters = [];
    try {
      if (db.inTransaction) commitStmt.run();
    } catch (e) {
      for (const w of done) w.reject(e);
      throw e;
    }
    groupOpen = false;
    stateWritten = false;
    for (const w of done) w.resolve();
  };
  const peers = file ? connectionsTo(file) : undefined;
  peers?.add(commit);
  const close = db.close.bind(db);
  db.close = () => {
    if (db.open) commit();
    peers?.delete(commit);
    if (peers?.size === 0) openFiles.delete(file!);
    return close();
  };
  const handOver = () => {
    if (file) commitOthers(file, commit);
  };
  return {
    beforeWrite: () => {
      if (!db.inTransaction) {
        handOver();
        begin.run();
        groupOpen = true;
        timer ??= setTimeout(commit, GROUP_COMMIT_MS);
      }
      if (groupOpen && !historyDepth.get(db)?.n) stateWritten = true;
    },
    handOver,
    committed: () => {
      if (!groupOpen || !stateWritten) return undefined;
      soon ??= setImmediate(commit);
      return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    },
  };
}

/** The commit functions of this process's open connections, per database file. */
const openFiles = new Map<string, Set<() => void>>();

function connectionsTo(file: string): Set<() => void> {
  let set = openFiles.get(file);
  if (!set) openFiles.set(file, (set = new Set()));
  return set;
}

/**
 * Commits what the other connections of this process hold open on `file`. Another process waits
 * for a group commit (busy timeout); this thread cannot, since the commit needs its event loop.
 */
function commitOthers(file: string, self: (() => void) | undefined): void {
  const set = openFiles.get(file);
  if (!set || set.size === (self ? 1 : 0)) return;
  for (const commit of set) if (commit !== self) commit();
}

/** More distinct SQL texts than any mock uses; dynamic ones (journal filters, imports) just start over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `db.prepare` hand back one statement per SQL text: preparing costs more than running
 * most of the mocks' queries, and the request paths prepare on every call. Safe because no
 * caller changes a statement's mode (pluck/raw/expand) or keeps one busy (iterate).
 */
function cacheStatements(db: Db, beforeWrite: () => void): void {
  const prepare = db.prepare.bind(db);
  const cache = new BoundedMap<string, Database.Statement>(STATEMENT_CACHE_SIZE);
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (!stmt.reader) {
        const run = stmt.run.bind(stmt);
        stmt.run = ((...args: unknown[]) => (beforeWrite(), run(...args))) as typeof stmt.run;
      }
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
