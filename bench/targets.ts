import { randomUUID } from 'node:crypto';
import type { BenchServer } from './child.ts';
import { aliyunSendSms, MINI, PERSONA, tencentSendSms, WEB } from './inputs.ts';
import type { Shot } from './load.ts';
import type { CodeKind } from '../mock-wechat/grants.ts';

/**
 * One endpoint under load. `prepare(n)` readies n single-use inputs (codes, signed requests)
 * before a run, so the load generator only sends; `next()` hands them out one per request.
 */
export interface Target {
  key: string;
  label: string;
  server: BenchServer;
  prepare(n: number): Promise<void>;
  next(): Shot;
  ok(status: number, body: string): boolean;
}

/** Single-use inputs handed out in order; running dry is an error of the bench, not of the server. */
class Pool<T> {
  private items: T[] = [];
  private i = 0;
  fill(items: T[]): void {
    this.items = items;
    this.i = 0;
  }
  take(): T {
    if (this.i >= this.items.length) throw new Error('input pool ran dry: prepare() was given too small a count');
    return this.items[this.i++]!;
  }
}

export function honoHello(server: BenchServer): Target {
  return {
    key: 'hono',
    label: 'bare Hono hello-world (GET /)',
    server,
    prepare: async () => undefined,
    next: () => ({ path: '/' }),
    ok: (s, b) => s === 200 && b === 'Hello Hono!',
  };
}

/** oauth2-mock-server's token endpoint with the grant a login uses: authorization_code (it signs an access and an id token). */
export function oauth2Token(server: BenchServer): Target {
  return {
    key: 'oauth2-token',
    label: 'oauth2-mock-server POST /token (authorization_code)',
    server,
    prepare: async () => undefined,
    next: () => ({
      method: 'POST',
      path: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=${randomUUID()}&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&client_id=bench`,
    }),
    ok: (s, b) => s === 200 && b.includes('"access_token"') && b.includes('"id_token"'),
  };
}

export function oauth2Userinfo(server: BenchServer): Target {
  return {
    key: 'oauth2-userinfo',
    label: 'oauth2-mock-server GET /userinfo',
    server,
    prepare: async () => undefined,
    next: () => ({ path: '/userinfo', headers: { authorization: 'Bearer bench' } }),
    ok: (s, b) => s === 200 && b.includes('"sub"'),
  };
}

async function getJson(url: string, init?: RequestInit): Promise<Record<string, any>> {
  const res = await fetch(url, init);
  return (await res.json()) as Record<string, any>;
}

/** A GET that spends one pre-minted code per request, the code last in its query. */
function codeExchange(server: BenchServer, t: { key: string; label: string; kind: CodeKind; app: string; path: string; ok: Target['ok'] }): Target {
  const codes = new Pool<string>();
  return {
    key: t.key,
    label: t.label,
    server,
    prepare: async (n) => codes.fill(await server.call<string[]>('mint', { kind: t.kind, app: t.app, persona: PERSONA, n })),
    next: () => ({ path: t.path + codes.take() }),
    ok: t.ok,
  };
}

export function wechatAccessToken(server: BenchServer): Target {
  return codeExchange(server, {
    key: 'access_token',
    label: 'code → access_token (GET /sns/oauth2/access_token)',
    kind: 'sns',
    app: 'web',
    path: `/sns/oauth2/access_token?appid=${WEB.appid}&secret=${WEB.secret}&grant_type=authorization_code&code=`,
    ok: (s, b) => s === 200 && b.startsWith('{"access_token"'),
  });
}

export function wechatUserinfo(server: BenchServer): Target {
  let path = '';
  return {
    key: 'userinfo',
    label: 'userinfo (GET /sns/userinfo)',
    server,
    // One real token, exchanged once: userinfo is read-only, so every request may reuse it.
    prepare: async () => {
      if (path) return;
      const [code] = await server.call<string[]>('mint', { kind: 'sns', app: 'web', persona: PERSONA, n: 1 });
      const t = await getJson(`${server.url}/sns/oauth2/access_token?appid=${WEB.appid}&secret=${WEB.secret}&code=${code}&grant_type=authorization_code`);
      if (!t.access_token) throw new Error(`bench setup: token exchange failed ${JSON.stringify(t)}`);
      path = `/sns/userinfo?access_token=${t.access_token}&openid=${t.openid}&lang=zh_CN`;
    },
    next: () => ({ path }),
    ok: (s, b) => s === 200 && b.includes('"nickname"'),
  };
}

export function wechatJscode2session(server: BenchServer): Target {
  return codeExchange(server, {
    key: 'jscode2session',
    label: 'jscode2session (GET /sns/jscode2session)',
    kind: 'js',
    app: 'mini',
    path: `/sns/jscode2session?appid=${MINI.appid}&secret=${MINI.secret}&grant_type=authorization_code&js_code=`,
    ok: (s, b) => s === 200 && b.includes('"session_key"'),
  });
}

export function wechatPhoneNumber(server: BenchServer): Target {
  const codes = new Pool<string>();
  let token = '';
  return {
    key: 'getuserphonenumber',
    label: 'getuserphonenumber (POST /wxa/business/getuserphonenumber)',
    server,
    prepare: async (n) => {
      if (!token) {
        const t = await getJson(`${server.url}/cgi-bin/token?grant_type=client_credential&appid=${MINI.appid}&secret=${MINI.secret}`);
        if (!t.access_token) throw new Error(`bench setup: app token failed ${JSON.stringify(t)}`);
        token = t.access_token;
      }
      codes.fill(await server.call<string[]>('mint', { kind: 'phone', app: 'mini', persona: PERSONA, n }));
    },
    next: () => ({
      method: 'POST',
      path: `/wxa/business/getuserphonenumber?access_token=${token}`,
      headers: { 'content-type': 'application/json' },
      body: `{"code":"${codes.take()}"}`,
    }),
    ok: (s, b) => s === 200 && b.includes('"phone_info"'),
  };
}

export function aliyunSendSmsV3(server: BenchServer): Target {
  const shots = new Pool<Shot>();
  const host = new URL(server.url).host;
  return {
    key: 'aliyun-v3',
    label: 'Aliyun SendSms, V3 signature (ACS3-HMAC-SHA256)',
    server,
    prepare: async (n) => {
      shots.fill(Array.from({ length: n }, () => aliyunSendSms(host)));
    },
    next: () => shots.take(),
    ok: (s, b) => s === 200 && b.includes('"Code":"OK"'),
  };
}

export function tencentSendSmsTc3(server: BenchServer): Target {
  const shots = new Pool<Shot>();
  const host = new URL(server.url).host;
  return {
    key: 'tencent-tc3',
    label: 'Tencent SendSms, TC3-HMAC-SHA256',
    server,
    prepare: async (n) => {
      shots.fill(Array.from({ length: n }, () => tencentSendSms(host)));
    },
    next: () => shots.take(),
    ok: (s, b) => s === 200 && b.includes('"Code":"Ok"'),
  };
}
