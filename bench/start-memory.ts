import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshBundle } from '../bin/bundle.mjs';
import { ALL_START_LISTENERS, freeStartPorts, startPortFlags } from '../harness/start-ports.ts';
import { ROOT } from './child.ts';
import { aliyunSendSms, MINI, PERSONA, tencentSendSms, WEB } from './inputs.ts';
import { CONNECTIONS } from './load.ts';
import { mb } from './memory.ts';

export interface StartMemoryFigure {
  label: string;
  /** the checkout measured (another one for a side-by-side run) */
  root: string;
  requests: number;
  /** console polls answered during the run: journal heads, full journal reads, status reads */
  polls: { head: number; journal: number; status: number };
  rssIdleBytes: number;
  /** RSS after each checkpoint (every fifth of the run) */
  checkpoints: { requests: number; rssBytes: number }[];
  rssPeakBytes: number;
  rssBytes: number;
  seconds: number;
}

/** Resident set of a process, bytes: /proc on Linux, ps elsewhere. */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

interface Sandbox {
  pid: number;
  wechat: string;
  sms: string;
  login: string;
  console: string;
  stop(): Promise<void>;
}

/** `wxmock start` of `root` with its state in a fresh data dir (a file per service, as a user runs it), on free ports. */
async function startWxmock(root: string, dataDir: string): Promise<Sandbox> {
  // What a user runs: the compiled dist/ (the sources through tsx would add the compiler's memory).
  if (!freshBundle(root)) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  const ports = await freeStartPorts(ALL_START_LISTENERS);
  const args = [join(root, 'bin', 'wxmock.mjs'), 'start', '--data-dir', dataDir, ...startPortFlags(ports)];
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []), ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wxmock start exited (${child.exitCode}): ${stderr}`);
    try {
      // The console starts last: its answer means every service is up.
      await (await fetch(url(ports.console), { signal: AbortSignal.timeout(1000) })).arrayBuffer();
      break;
    } catch {
      if (performance.now() > deadline) throw new Error(`wxmock start did not answer within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    pid: child.pid!,
    wechat: url(ports.wechat),
    sms: url(ports.sms),
    login: url(ports.login),
    console: url(ports.console),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** fetch, sent again once when the server closed a kept-alive connection just as it was reused (reset before any answer). */
async function send(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return fetch(url, init);
  }
}

async function json(res: Promise<Response>): Promise<Record<string, any>> {
  const r = await res;
  const text = await r.text();
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    throw new Error(`HTTP ${r.status}: ${text.slice(0, 200)}`);
  }
}

const post = (url: string, body: unknown) => send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The mix a login system and its tests send: each flow is a few requests in a row, and the flows
 * take turns. Every answer is checked; returns the number of requests the flow made.
 */
function flows(s: Sandbox, appToken: string): (() => Promise<number>)[] {
  const expect = (ok: boolean, what: string, body: unknown) => {
    if (!ok) throw new Error(`${what}: ${JSON.stringify(body).slice(0, 300)}`);
  };
  const smsHost = new URL(s.sms).host;
  return [
    // Web QR login as a backend does it: code (minted as the confirm page would), exchange, userinfo.
    async () => {
      const { code } = await json(post(`${s.wechat}/__mock/codes`, { appid: 'web', persona: PERSONA }));
      const t = await json(send(`${s.wechat}/sns/oauth2/access_token?appid=${WEB.appid}&secret=${WEB.secret}&code=${code}&grant_type=authorization_code`));
      expect(typeof t.access_token === 'string', 'access_token', t);
      const u = await json(send(`${s.wechat}/sns/userinfo?access_token=${t.access_token}&openid=${t.openid}&lang=zh_CN`));
      expect(typeof u.nickname === 'string', 'userinfo', u);
      return 3;
    },
    // Mini program: wx.login code → jscode2session.
    async () => {
      const { code } = await json(post(`${s.wechat}/__mock/codes`, { appid: 'mini', persona: PERSONA }));
      const r = await json(send(`${s.wechat}/sns/jscode2session?appid=${MINI.appid}&secret=${MINI.secret}&js_code=${code}&grant_type=authorization_code`));
      expect(typeof r.session_key === 'string', 'jscode2session', r);
      return 2;
    },
    // Mini program phone number.
    async () => {
      const { code } = await json(post(`${s.wechat}/__mock/codes`, { appid: 'mini', persona: PERSONA, kind: 'phone' }));
      const r = await json(post(`${s.wechat}/wxa/business/getuserphonenumber?access_token=${appToken}`, { code }));
      expect(!!r.phone_info, 'getuserphonenumber', r);
      return 2;
    },
    // Aliyun SendSms, V3 signature, signed just before it is sent.
    async () => {
      const { path, ...init } = aliyunSendSms(smsHost);
      const r = await json(send(`${s.sms}${path}`, init));
      expect(r.Code === 'OK', 'Aliyun SendSms', r);
      return 1;
    },
    // Tencent SendSms, TC3.
    async () => {
      const { path, ...init } = tencentSendSms(smsHost);
      const r = await json(send(`${s.sms}${path}`, init));
      expect(r.Response?.SendStatusSet?.[0]?.Code === 'Ok', 'Tencent SendSms', r);
      return 1;
    },
    // The login system's login page.
    async () => {
      const r = await send(`${s.login}/login`);
      await r.arrayBuffer();
      expect(r.status === 200, 'GET /login', r.status);
      return 1;
    },
  ];
}

/**
 * The console page with the journal panel open, as `console/client/common.ts` and the journal
 * panel's script poll: every second the journal's head, and the full list (200 entries of both
 * mocks) when it moved; every two seconds the status line (both mocks' clocks).
 */
function consolePoller(consoleUrl: string, poll: { journal: boolean; status: boolean }): { stop(): Promise<void>; polls: StartMemoryFigure['polls'] } {
  const polls = { head: 0, journal: 0, status: 0 };
  let head: string | null = null;
  let stopped = false;
  const get = async (path: string) => json(send(`${consoleUrl}${path}`));
  const journalQuery = 'source=all&limit=200';
  const journal = async () => {
    const h = await get(`/api/journal?${journalQuery}&head=1`);
    polls.head++;
    if (h.head !== head) {
      head = (await get(`/api/journal?${journalQuery}`)).head as string;
      polls.journal++;
    }
  };
  const status = async () => {
    const s = await get('/api/status');
    if (!Array.isArray(s.mocks)) throw new Error(`console status: ${JSON.stringify(s)}`);
    polls.status++;
  };
  // Like the page's setInterval: a tick that finds the previous poll still running skips it.
  const every = (ms: number, fn: () => Promise<void>) => {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (running || stopped) return;
      running = fn().finally(() => {
        running = undefined;
      });
    }, ms);
    return async () => {
      clearInterval(timer);
      await running;
    };
  };
  const stops = [...(poll.journal ? [every(1000, journal)] : []), ...(poll.status ? [every(2000, status)] : [])];
  return {
    polls,
    stop: async () => {
      stopped = true;
      for (const s of stops) await s();
    },
  };
}

/**
 * RSS of `wxmock start` (state in files, as a user runs it) under `total` mixed requests from
 * CONNECTIONS clients at once, while a console page polls as it does with the journal open.
 */
export async function measureStartMemory(
  total: number,
  log: (s: string) => void,
  opts: { root?: string; label?: string; poll?: { journal: boolean; status: boolean } } = {},
): Promise<StartMemoryFigure> {
  const { root = ROOT, label = 'wxmock start', poll = { journal: true, status: true } } = opts;
  const dataDir = mkdtempSync(join(tmpdir(), 'wxmock-bench-start-'));
  const s = await startWxmock(root, dataDir);
  try {
    const t = await json(send(`${s.wechat}/cgi-bin/token?grant_type=client_credential&appid=${MINI.appid}&secret=${MINI.secret}`));
    if (!t.access_token) throw new Error(`bench setup: app token failed ${JSON.stringify(t)}`);
    const rssIdle = rssOf(s.pid);
    const mix = flows(s, t.access_token as string);
    const poller = consolePoller(s.console, poll);
    const began = performance.now();
    const checkpoints: StartMemoryFigure['checkpoints'] = [];
    const step = Math.ceil(total / 5);
    let sent = 0;
    let nextCheckpoint = step;
    let turn = 0;
    let peak = rssIdle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(s.pid));
    }, 250);
    try {
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (sent < total) {
            sent += await mix[turn++ % mix.length]!();
            if (sent >= nextCheckpoint) {
              nextCheckpoint += step;
              const rss = rssOf(s.pid);
              checkpoints.push({ requests: sent, rssBytes: rss });
              log(
                `  ${label}: ${sent} requests in ${((performance.now() - began) / 1000).toFixed(0)} s, RSS ${mb(rss)}, console polls ${poller.polls.head} heads / ${poller.polls.journal} journals / ${poller.polls.status} statuses`,
              );
            }
          }
        }),
      );
    } finally {
      clearInterval(sampler);
      await poller.stop();
    }
    const rss = rssOf(s.pid);
    return {
      label,
      root,
      requests: sent,
      polls: poller.polls,
      rssIdleBytes: rssIdle,
      checkpoints,
      rssPeakBytes: Math.max(peak, rss),
      rssBytes: rss,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
