import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BoundedMap } from './bounded-map.ts';
import { getOrAdd } from './memo.ts';

/**
 * A connection opened by openDatabase(). The driver's close, transaction and exec are left out of
 * the type: closeDatabase() commits the pending group first, and every change goes through
 * write() (docs/architecture.md, "State").
 */
export type Db = Omit<Database.Database, 'close' | 'transaction' | 'exec'>;

/** Table names a unit of work changes, or '*' for every table (reset, state import). */
export type Tables = readonly string[] | '*';

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
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    // better-sqlite3 builds SQLite with a 16 MB page cache per connection: three of them were a
    // third of `wxmock start`'s memory. 2 MB is SQLite's own default; evicted pages are read back
    // from the operating system's file cache (docs/performance.md, "Memory of wxmock start").
    db.pragma('cache_size = -2000');
  }
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
  connections.set(db, new Connection(db, key));
  return db;
}

/** Commits what is pending, then closes. */
export function closeDatabase(db: Db): void {
  connectionOf(db).close();
}

/**
 * The one way to change state: runs `fn` as a unit of work on `db`, all of it or nothing (a
 * savepoint), inside the group commit (below), so the answer of the request waits for its commit
 * (`committed()`, core/durable.ts). `tables` names every table `fn` changes, cascades included:
 * the caches of those tables (core/read-cache.ts) are emptied when it starts and fill again only
 * once it has ended. `stmt()` refuses a writing statement outside a unit of work, so a write
 * anywhere else fails at once instead of slipping past the commit and the caches.
 *
 * `write(db, tables, sql, ...params)` is the unit of one statement: SQLite applies a statement
 * whole or not at all, so it needs no savepoint (which costs a few microseconds per unit).
 */
export function write<T>(db: Db, tables: Tables, fn: () => T): T;
export function write(db: Db, tables: Tables, sql: string, ...params: unknown[]): Database.RunResult;
export function write<T>(db: Db, tables: Tables, fnOrSql: (() => T) | string, ...params: unknown[]): T | Database.RunResult {
  const c = connectionOf(db);
  if (typeof fnOrSql === 'string') return c.unit(tables, false, () => c.statement(fnOrSql).run(...params), false);
  return c.unit(tables, false, fnOrSql);
}

/** A unit of work whose writes are history (journal entries): no answer waits for their commit. */
export function writeHistory<T>(db: Db, tables: Tables, fn: () => T): T {
  return connectionOf(db).unit(tables, true, fn);
}

/**
 * Resolves once every change to state this connection has made so far is committed (at once, so
 * at the end of the current event-loop turn, when one is pending); undefined when nothing is
 * pending or the database is in memory. What an answer waits for before it leaves (core/durable.ts).
 */
export function committed(db: Db): Promise<void> | undefined {
  return connectionOf(db).committed();
}

/**
 * The prepared statement of `sql`, one per SQL text and connection: preparing costs more than
 * running most of the mocks' queries. Callers leave its mode (pluck/raw/expand) alone and never
 * keep one busy (iterate), since the next caller of the same text gets the same statement. One
 * that writes is handed out only inside a unit of work (`write()`).
 */
export function stmt(db: Db, sql: string): Database.Statement {
  return connectionOf(db).statement(sql);
}

/**
 * Calls `forget` whenever what is kept of `tables` may be stale: when a unit of work naming one
 * of them starts, and when another connection has committed to the file (SQLite's data_version,
 * read once per event-loop turn). `usable()` is false while such a unit runs (what it reads may
 * still roll back): nothing read then may be kept.
 */
export function watchTables(db: Db, tables: readonly string[], forget: () => void): { usable(): boolean } {
  return connectionOf(db).watch(tables, forget);
}

const connections = new WeakMap<Db, Connection>();

function connectionOf(db: Db): Connection {
  const c = connections.get(db);
  if (!c) throw new Error('not a database of openDatabase()');
  return c;
}

/**
 * How long the writes of a burst may share one transaction. Under load a transaction of a few
 * requests costs half as much per request as one of a single request (every random-key insert
 * copies its pages into the rollback journal or the WAL once per transaction).
 */
const GROUP_COMMIT_MS = 4;

/** More distinct SQL texts than any mock uses; dynamic ones (journal filters, imports) just start over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * What openDatabase() keeps per connection: its statements, its units of work and the group
 * commit they join, and the caches that watch its tables.
 *
 * Group commit: the first unit of work opens a transaction that commits GROUP_COMMIT_MS later,
 * so the requests of a burst share one commit (a commit per statement was most of a write's
 * cost). The connection sees its own writes at once; other processes see them once committed. An
 * answer that waits for its change (`committed()`) brings the commit forward to the end of the
 * current event-loop turn: the requests handled in that turn still share it, and no answer leaves
 * before the change it reports is committed. Units of history (journal entries) keep the timer.
 */
class Connection {
  private readonly statements = new BoundedMap<string, { statement: Database.Statement; writes: boolean }>(STATEMENT_CACHE_SIZE);
  private readonly begin: Database.Statement;
  private readonly commitStmt: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;
  private readonly dataVersion: Database.Statement;
  /** Every table of the schema, to refuse a unit of work naming one that does not exist. */
  private readonly tables: Set<string>;
  /** Units of work running (nested ones count). */
  private depth = 0;
  /** Tables named by the units running now. */
  private readonly touched = new Set<string>();
  private readonly watchers = new Map<string, Set<() => void>>();
  private lastDataVersion = -1;
  /** data_version was read in this turn: what another process commits later is seen from the next turn on. */
  private versionChecked = false;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  /** The open transaction holds a change to state, not only history. */
  private stateWritten = false;
  /** A unit of the running nest (not history) has changed state. */
  private nestChangedState = false;
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private readonly peers: Set<() => void> | undefined;
  private readonly commitNow = () => this.commit();

  constructor(
    private readonly db: Database.Database,
    private readonly file: string | undefined,
  ) {
    // Prepared once: exec() would parse them again each time.
    this.begin = db.prepare('BEGIN');
    this.commitStmt = db.prepare('COMMIT');
    this.savepoint = db.prepare('SAVEPOINT unit');
    this.release = db.prepare('RELEASE unit');
    this.rollbackTo = db.prepare('ROLLBACK TO unit');
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    this.peers = file ? connectionsTo(file) : undefined;
    this.peers?.add(this.commitNow);
  }

  statement(sql: string): Database.Statement {
    const s = getOrAdd(this.statements, sql, () => {
      const statement = this.db.prepare(sql);
      return { statement, writes: !statement.readonly };
    });
    if (s.writes && this.depth === 0) throw new Error(`a write outside a unit of work: wrap it in write(db, tables, fn) (${sql.slice(0, 60)})`);
    return s.statement;
  }

  unit<T>(tables: Tables, history: boolean, fn: () => T, savepoint = true): T {
    const names = tables === '*' ? ['*'] : tables;
    for (const t of names) if (t !== '*' && !this.tables.has(t)) throw new Error(`write(): no table ${t}`);
    if (!this.db.inTransaction) {
      // Its BEGIN must not wait on a lock another connection of this thread holds.
      if (this.file) commitOthers(this.file, this.commitNow);
      this.begin.run();
      this.timer ??= setTimeout(this.commitNow, GROUP_COMMIT_MS);
    }
    this.depth++;
    for (const t of names) {
      this.touched.add(t);
      this.forget(t);
    }
    if (savepoint) this.savepoint.run();
    let done = false;
    try {
      const out = fn();
      if (out instanceof Promise) throw new Error('write(): a unit of work is synchronous; await outside it');
      if (savepoint) this.release.run();
      if (!history) this.nestChangedState = true;
      done = true;
      return out;
    } catch (e) {
      if (savepoint) {
        this.rollbackTo.run();
        this.release.run();
      }
      throw e;
    } finally {
      this.depth--;
      // What inner units did counts once the outermost has ended: it may still roll them back.
      if (this.depth === 0) {
        this.touched.clear();
        if (done && this.nestChangedState) this.stateWritten = true;
        this.nestChangedState = false;
      }
    }
  }

  watch(tables: readonly string[], forget: () => void): { usable(): boolean } {
    for (const t of tables) {
      if (!this.tables.has(t)) throw new Error(`watchTables(): no table ${t}`);
      getOrAdd(this.watchers, t, () => new Set()).add(forget);
    }
    return {
      usable: () => {
        if (this.touched.size && (this.touched.has('*') || tables.some((t) => this.touched.has(t)))) return false;
        this.checkDataVersion();
        return true;
      },
    };
  }

  committed(): Promise<void> | undefined {
    if (!this.file || !this.db.inTransaction || !this.stateWritten) return undefined;
    this.soon ??= setImmediate(this.commitNow);
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  close(): void {
    if (this.db.open) this.commit();
    this.peers?.delete(this.commitNow);
    if (this.peers?.size === 0) openFiles.delete(this.file!);
    this.db.close();
  }

  private commit(): void {
    // Inside a unit of work (a peer's commitOthers) the pending timer commits later instead.
    if (!this.db.open || this.depth > 0) return;
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    const done = this.waiters;
    this.waiters = [];
    try {
      if (this.db.inTransaction) this.commitStmt.run();
    } catch (e) {
      for (const w of done) w.reject(e);
      throw e;
    }
    this.stateWritten = false;
    for (const w of done) w.resolve();
  }

  /** Calls the watchers of `table` ('*': of every table). */
  private forget(table: string): void {
    if (table === '*') {
      for (const set of this.watchers.values()) for (const f of set) f();
    } else {
      const set = this.watchers.get(table);
      if (set) for (const f of set) f();
    }
  }

  private checkDataVersion(): void {
    if (this.versionChecked || !this.file) return;
    const v = this.dataVersion.get() as number;
    if (v !== this.lastDataVersion) {
      this.lastDataVersion = v;
      this.forget('*');
    }
    this.versionChecked = true;
    setImmediate(() => {
      this.versionChecked = false;
    });
  }
}

/** The commit functions of this process's open connections, per database file. */
const openFiles = new Map<string, Set<() => void>>();

function connectionsTo(file: string): Set<() => void> {
  return getOrAdd(openFiles, file, () => new Set());
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

export function getSetting(db: Db, key: string): string | undefined {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function putSetting(db: Db, key: string, value: string): void {
  write(db, ['settings'], () =>
    stmt(db, 'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value),
  );
}
