import { startServer } from './child.ts';
import { load } from './load.ts';
import { honoHello, wechatUserinfo, type Target } from './targets.ts';

export interface MemoryFigure {
  label: string;
  requests: number;
  rssIdleBytes: number;
  rssBytes: number;
  /** mock-wechat only: journal rows and database file size (db + WAL) after `requests` */
  journalRows?: number;
  dbBytes?: number;
  /** the same after the first checkpoint, to show the journal stays bounded */
  early?: { requests: number; journalRows: number; dbBytes: number; rssBytes: number };
}

interface Stats {
  journalRows: number;
  dbBytes: number;
  rss: number;
}

async function send(t: Target, n: number): Promise<void> {
  await t.prepare(n);
  const r = await load({ url: t.server.url, next: t.next, ok: t.ok, amount: n });
  if (r.bad || r.errors) throw new Error(`${t.label}: ${r.bad} wrong answers, ${r.errors} errors (${r.firstBad})`);
}

/**
 * RSS after `total` requests, and the journal's size: mock-wechat on a database file (as under
 * `wxmock start`) answering /sns/userinfo, which writes nothing but the journal, so the file's
 * size is the journal's. The bare Hono server takes the same number of requests for comparison.
 */
export async function measureMemory(total: number, dbFile: string, log: (s: string) => void): Promise<MemoryFigure[]> {
  const early = Math.min(20_000, Math.floor(total / 5));
  const wechat = await startServer('wechat', dbFile);
  const hono = await startServer('hono');
  try {
    const out: MemoryFigure[] = [];
    const w = wechatUserinfo(wechat);
    await w.prepare(1);
    const rssIdle = await wechat.rss();
    await send(w, early);
    const s1 = await wechat.call<Stats>('stats');
    log(`  mock-wechat after ${early} requests: RSS ${mb(s1.rss)}, journal ${s1.journalRows} rows, database ${mb(s1.dbBytes)}`);
    await send(w, total - early);
    const s2 = await wechat.call<Stats>('stats');
    log(`  mock-wechat after ${total} requests: RSS ${mb(s2.rss)}, journal ${s2.journalRows} rows, database ${mb(s2.dbBytes)}`);
    out.push({
      label: 'mock-wechat (GET /sns/userinfo, database file)',
      requests: total,
      rssIdleBytes: rssIdle,
      rssBytes: s2.rss,
      journalRows: s2.journalRows,
      dbBytes: s2.dbBytes,
      early: { requests: early, journalRows: s1.journalRows, dbBytes: s1.dbBytes, rssBytes: s1.rss },
    });

    const h = honoHello(hono);
    const honoIdle = await hono.rss();
    await send(h, total);
    const honoRss = await hono.rss();
    log(`  bare Hono after ${total} requests: RSS ${mb(honoRss)}`);
    out.push({ label: 'bare Hono hello-world', requests: total, rssIdleBytes: honoIdle, rssBytes: honoRss });
    return out;
  } finally {
    await wechat.stop();
    await hono.stop();
  }
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
