/**
 * The server side of a benchmark, run in its own process (see child.ts) so the load generator
 * never shares an event loop with what it measures. `node --import tsx bench/server.ts <kind> [dbFile]`
 * listens on a free loopback port, reports {url} over IPC, then answers the driver's commands.
 */
import { statSync } from 'node:fs';
import { Hono } from 'hono';
import { write } from '../core/db.ts';
import { listen } from '../core/serve.ts';
import type { CodeKind } from '../mock-wechat/grants.ts';

export type ServerKind = 'hono' | 'wechat' | 'sms' | 'oauth2' | 'sandbox';

export interface Ready {
  url: string;
  /** sandbox only */
  wechatUrl?: string;
  smsUrl?: string;
}

export interface Command {
  id: number;
  cmd: string;
  args?: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

function fileBytes(file: string | undefined): number {
  if (!file || file === ':memory:') return 0;
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no WAL yet
    }
  }
  return total;
}

async function start(kind: ServerKind, dbFile: string): Promise<{ ready: Ready; commands: Record<string, Handler> }> {
  const common: Record<string, Handler> = {
    rss: () => process.memoryUsage().rss,
    // user + system CPU of this process, in microseconds: what a request costs the server, whatever else runs on the machine
    cpu: () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    },
  };
  if (kind === 'hono') {
    // The ceiling: the same stack (Hono on @hono/node-server via core/serve.ts) doing nothing.
    const app = new Hono();
    app.get('/', (c) => c.text('Hello Hono!'));
    const s = await listen(app.fetch);
    return { ready: { url: s.url }, commands: common };
  }
  if (kind === 'oauth2') {
    const { OAuth2Server } = await import('oauth2-mock-server');
    const server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    return { ready: { url: server.issuer.url! }, commands: common };
  }
  if (kind === 'wechat') {
    const { startMockWechat } = await import('../mock-wechat/app.ts');
    const m = await startMockWechat({ dbFile });
    const { ctx } = m;
    return {
      ready: { url: m.url },
      commands: {
        ...common,
        // The same call /__mock/codes makes, in bulk and in one transaction: setup, not load.
        mint: (a) => {
          const app = ctx.world.getApp(String(a.app))!;
          const kindOf = a.kind as CodeKind;
          const scope = kindOf === 'sns' ? (app.type === 'web' ? 'snsapi_login' : 'snsapi_userinfo') : '';
          const codes: string[] = [];
          write(ctx.db, ['codes'], () => {
            for (let i = 0; i < Number(a.n); i++) codes.push(ctx.grants.issueCode(kindOf, app.appid, String(a.persona), scope));
          });
          return codes;
        },
        stats: () => ({ journalRows: ctx.journal.count(), dbBytes: fileBytes(dbFile), rss: process.memoryUsage().rss }),
      },
    };
  }
  if (kind === 'sms') {
    const { startMockSms } = await import('../mock-sms/app.ts');
    const m = await startMockSms({ dbFile });
    return {
      ready: { url: m.url },
      commands: {
        ...common,
        stats: () => ({ journalRows: m.ctx.journal.count(), inbox: m.ctx.inbox.list({ limit: 1 })[0]?.id ?? 0, dbBytes: fileBytes(dbFile) }),
      },
    };
  }
  // sandbox: what startSandbox() starts for the reference target, in this process.
  const { startMockWechat } = await import('../mock-wechat/app.ts');
  const { startMockSms } = await import('../mock-sms/app.ts');
  const { startReferenceLogin } = await import('../reference-login/app.ts');
  const wechat = await startMockWechat();
  const sms = await startMockSms();
  const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false });
  return { ready: { url: login.url, wechatUrl: wechat.url, smsUrl: sms.url }, commands: common };
}

const [kind, dbFile = ':memory:'] = process.argv.slice(2) as [ServerKind, string | undefined];
if (!process.send) {
  console.error('bench/server.ts runs as a child of the bench driver (IPC channel required)');
  process.exit(2);
}
const { ready, commands } = await start(kind, dbFile);
process.on('message', async (m: Command) => {
  if (m.cmd === 'exit') process.exit(0);
  try {
    const handler = commands[m.cmd];
    if (!handler) throw new Error(`unknown command ${m.cmd}`);
    process.send!({ id: m.id, result: await handler(m.args ?? {}) });
  } catch (e) {
    process.send!({ id: m.id, error: (e as Error).message });
  }
});
process.send({ type: 'ready', ready });
// The driver going away must not leave a server behind.
process.on('disconnect', () => process.exit(0));
