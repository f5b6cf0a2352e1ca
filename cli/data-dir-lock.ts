import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One `wxmock start` per data dir: two sandboxes writing the same SQLite files would each believe
 * their own state. The lock is a file in the data dir naming the process that holds it and where
 * that sandbox answers; it goes away when the sandbox stops, and a lock whose process is gone
 * (kill -9, a crash, a reboot) is stale and taken over.
 */

const LOCK_FILE = 'wxmock.lock';

export interface LockInfo {
  pid: number;
  /** the process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the holder */
  procStart?: string;
  startedAt: string;
  dataDir: string;
  /** filled in once the services listen */
  urls?: { login?: string; console?: string; wechat?: string; sms?: string };
}

/** Field 22 of /proc/<pid>/stat (start time), and whether the process is a zombie; undefined off Linux or when gone. */
function procStat(pid: number): { start: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ")".
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { start: rest[19]!, zombie: rest[0] === 'Z' };
  } catch {
    return undefined;
  }
}

function alive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const stat = procStat(info.pid);
  if (stat?.zombie) return false;
  if (stat && info.procStart && stat.start !== info.procStart) return false;
  return true;
}

function read(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The sandbox holding `dataDir`, if one runs. */
export function lockHolder(dataDir: string): LockInfo | undefined {
  const info = read(join(dataDir, LOCK_FILE));
  return info && info.pid !== process.pid && alive(info) ? info : undefined;
}

export interface HeldLock {
  file: string;
  /** a stale lock this one replaced */
  tookOver?: LockInfo;
  /** records where the sandbox answers, for a second start's message */
  setUrls(urls: NonNullable<LockInfo['urls']>): void;
  release(): void;
}

export type LockResult = { ok: true; lock: HeldLock } | { ok: false; holder: LockInfo; file: string };

/** Takes the data dir's lock, or names the live sandbox that holds it. */
export function acquireLock(dataDir: string): LockResult {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, procStart: procStat(process.pid)?.start, startedAt: new Date().toISOString(), dataDir };
  const write = (target: string, value: LockInfo) => writeFileSync(target, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  // Written whole under another name, then linked: a reader never sees a half-written lock, and
  // link() fails when the lock exists, so only one of two racing starts gets it.
  const temp = `${file}.${process.pid}`;
  write(temp, info);
  let tookOver: LockInfo | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw e;
      }
      const holder = read(file);
      if (holder && alive(holder)) return { ok: false, holder, file };
      tookOver = holder ?? tookOver;
      try {
        unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  } finally {
    unlinkSync(temp);
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: never one a later start took over.
    if (read(file)?.pid === process.pid) unlinkSync(file);
  };
  process.on('exit', release);
  return {
    ok: true,
    lock: {
      file,
      tookOver,
      release,
      setUrls(urls) {
        write(temp, { ...info, urls });
        renameSync(temp, file);
      },
    },
  };
}

/** What a refused start prints about the sandbox that holds the data dir. */
export function describeHolder(h: LockInfo): string {
  const where = [h.urls?.login && `login page ${h.urls.login}`, h.urls?.console && `console ${h.urls.console}`].filter(Boolean).join(', ');
  return `pid ${h.pid}, started ${h.startedAt}${where ? `; ${where}` : ''}`;
}
