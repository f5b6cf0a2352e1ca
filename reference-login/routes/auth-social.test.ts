import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../core/http-client.ts';
import { write } from '../../core/db.ts';
import { APPID, outcomeOf, startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

/** Binds persona's WeChat to admin through the bind/login flow; returns the admin token. */
async function bindAdmin(b: HttpClient, persona: string): Promise<string> {
  const o = await w.webLogin(b, persona);
  expect(o.kind).toBe('bindId');
  const r = await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: o.id });
  expect(r.body.code).toBe(200);
  return r.body.token;
}

/**
 * Follows the login system's redirects from `path` by hand, the Host header `host` sent exactly as
 * written on the first request (or on every one); each URL visited, its status and its Location.
 * A Location off the login system's origin ends the walk: nothing answers it on loopback.
 */
async function visits(b: HttpClient, path: string, host: string, onEveryHop: boolean): Promise<{ url: string; status: number; location?: string }[]> {
  const seen: { url: string; status: number; location?: string }[] = [];
  let url = `${w.url}${path}`;
  while (seen.length < 10) {
    const forged = seen.length === 0 || onEveryHop;
    const r = await b.get(url, forged ? { headers: { host }, exact: true } : {});
    seen.push({ url, status: r.status, location: r.location });
    if (!r.location) return seen;
    url = new URL(r.location, url).href;
    if (new URL(url).origin !== new URL(w.url).origin) return seen;
  }
  throw new Error(`more than 10 redirects: ${JSON.stringify(seen)}`);
}

describe('GET /auth/render/{source}', () => {
  it('302s to qrconnect on the configured WeChat base with the platform appid, callback and a 32-hex state', async () => {
    const r = await w.browser().get('/auth/render/wechat_open_web');
    expect(r.status).toBe(302);
    const u = new URL(r.location!);
    expect(u.origin + u.pathname).toBe(`${w.wechat.url}/connect/qrconnect`);
    expect(u.searchParams.get('appid')).toBe(APPID.web);
    expect(u.searchParams.get('response_type')).toBe('code');
    expect(u.searchParams.get('scope')).toBe('snsapi_login');
    expect(u.searchParams.get('redirect_uri')).toBe(`${w.url}/auth/callback/wechat_open_web`);
    expect(u.searchParams.get('state')).toMatch(/^[0-9a-f]{32}$/);
    expect(r.headers.get('set-cookie')).toMatch(/wxmock_browser=.*HttpOnly/i);
  });

  it('a browser on another name for the server is first moved to the public origin, so the state cookie lands where the callback goes', async () => {
    const other = w.url.replace('127.0.0.1', 'localhost');
    const b = new HttpClient(other, { cookies: true });
    const r = await b.get('/auth/render/wechat_open_web');
    expect(r.location).toBe(`${w.url}/auth/render/wechat_open_web?at_public_origin=1`);
    expect(r.headers.get('set-cookie')).toBeNull();
    const again = await new HttpClient(other, { cookies: true }).get('/auth/render/wechat_open_web?at_public_origin=1');
    expect(new URL(again.location!).pathname).toBe('/connect/qrconnect');
  });

  it('accepts the source in any case (FastBee lower-cases it)', async () => {
    const r = await w.browser().get('/auth/render/WECHAT_OPEN_WEB');
    expect(new URL(r.location!).searchParams.get('appid')).toBe(APPID.web);
  });

  it('a disabled platform goes to error_msg_uri with an errorId whose message says so', async () => {
    write(w.login.ctx.db, ['iot_social_platform'], "UPDATE iot_social_platform SET status = '1' WHERE platform = 'wechat_open_web'");
    const b = w.browser();
    const o = outcomeOf((await b.get('/auth/render/wechat_open_web')).location);
    expect(o.kind).toBe('errorId');
    expect(o.location.startsWith(`${w.url}/login?errorId=`)).toBe(true);
    expect((await b.get(`/auth/getErrorMsg/${o.id}`)).body).toEqual({ code: 500, msg: '当前第三方登录平台被禁用' });
  });

  it('an unknown source goes to the own login page with an error, not to https://<Host header>', async () => {
    // FastBee sends a browser to https://<Host header> on such errors. The forged Host goes out as
    // written (exact: fetch would send its own), on the first request as a browser that reached this
    // server under another name sends it, and then on every request as a proxy passing it on would.
    for (const forgedOnEveryHop of [false, true]) {
      const b = w.browser();
      const hops = await visits(b, '/auth/render/github', 'evil.example', forgedOnEveryHop);
      expect(
        hops.map((h) => [h.status, h.location]),
        JSON.stringify(hops),
      ).toEqual([
        [302, `${w.url}/auth/render/github?at_public_origin=1`],
        [302, expect.stringMatching(new RegExp(`^${w.url.replaceAll('.', '\\.')}/login\\?errorId=[0-9a-f]{32}$`))],
        [200, undefined],
      ]);
      expect(hops.some((h) => h.url.includes('evil.example') || h.location?.includes('evil.example'))).toBe(false);
      expect((await b.get(`/auth/getErrorMsg/${outcomeOf(hops[1]!.location).id}`)).body.msg).toBe('暂不支持该第三方登录平台');
    }
  });
});

describe('GET /auth/callback/{source}', () => {
  it('an unbound persona is sent to bind_uri with a bindId, and checkBindId answers with the FastBee quirk', async () => {
    const b = w.browser();
    const o = await w.webLogin(b, 'wangwu');
    expect(o.kind).toBe('bindId');
    expect(o.location).toBe(`${w.url}/login?bindId=${o.id}`);
    expect(o.id).toMatch(/^[0-9a-f]{32}$/);
    const check = await b.get(`/auth/checkBindId/${o.id}`);
    // Quirk: the bindId comes back in msg, and there is no bindAccount key.
    expect(check.body).toEqual({ code: 200, msg: o.id });
    const row = w.login.ctx.socialUsers.find(w.login.ctx.db.prepare('SELECT uuid FROM iot_social_user').pluck().get() as string, 'WECHAT_OPEN');
    expect(row?.status).toBe('0');
    expect(row?.sourceClient).toBe('wechat_open_web');
    expect(row?.nickname).toBe('王五');
  });

  it('a bound persona is sent to redirect_login_uri with a loginId that /auth/login turns into a token, once', async () => {
    await bindAdmin(w.browser(), 'zhangsan');
    const b = w.browser();
    const o = await w.webLogin(b, 'zhangsan');
    expect(o.kind).toBe('loginId');
    expect(o.location).toBe(`${w.url}/login?loginId=${o.id}`);
    const first = await b.get(`/auth/login/${o.id}`);
    expect(first.body.code).toBe(200);
    expect(first.body.msg).toBe('操作成功');
    expect(first.body.token.split('.')).toHaveLength(3);
    const info = await b.get('/getInfo', { token: first.body.token });
    expect(info.body.user.userName).toBe('admin');
    // Single use (FastBee keeps it for 60 s).
    expect((await b.get(`/auth/login/${o.id}`)).body).toEqual({ code: 502, msg: '数据错误' });
  });

  it('an expired loginId (60 s) answers 502 数据错误', async () => {
    await bindAdmin(w.browser(), 'zhangsan');
    const b = w.browser();
    const o = await w.webLogin(b, 'zhangsan');
    await b.post('/__mock/clock', { advanceSeconds: 61 });
    expect((await b.get(`/auth/login/${o.id}`)).body).toEqual({ code: 502, msg: '数据错误' });
  });

  it('an unknown bindId: checkBindId says bindAccount:false', async () => {
    expect((await w.browser().get('/auth/checkBindId/0123456789abcdef0123456789abcdef')).body).toEqual({ code: 200, msg: '操作成功', bindAccount: false });
  });

  it('getErrorMsg of an unknown id is 502 with an empty msg', async () => {
    expect((await w.browser().get('/auth/getErrorMsg/nope')).body).toEqual({ code: 502, msg: '' });
  });

  it('a WeChat error on the code exchange becomes an errorId carrying errmsg (and getErrorMsg answers it as code 500)', async () => {
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    const cb = await b.get(`/auth/callback/wechat_open_web?code=not-a-real-code&state=${state}`);
    const o = outcomeOf(cb.location);
    expect(o.kind).toBe('errorId');
    expect(o.location.startsWith(`${w.url}/login?errorId=`)).toBe(true);
    const msg = await b.get(`/auth/getErrorMsg/${o.id}`);
    expect(msg.body.code).toBe(500);
    expect(msg.body.msg).toMatch(/^invalid code/);
  });

  it('an injected WeChat system error on /sns/oauth2/access_token lands on the error page path', async () => {
    await w.wechatControl('/faults', { endpoint: '/sns/oauth2/access_token', errcode: -1, times: 1 });
    const b = w.browser();
    const o = await w.webLogin(b, 'zhangsan');
    expect(o.kind).toBe('errorId');
    expect((await b.get(`/auth/getErrorMsg/${o.id}`)).body.msg).toMatch(/^system error/);
  });

  it('a refused authorization (no code) is JustAuth\'s "Illegal code"', async () => {
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    const o = outcomeOf((await b.get(`/auth/callback/wechat_open_web?state=${state}`)).location);
    expect(o.kind).toBe('errorId');
    expect((await b.get(`/auth/getErrorMsg/${o.id}`)).body.msg).toBe('Illegal code');
  });

  it('a code after the platform was disabled between render and callback → errorId 当前第三方登录平台被禁用', async () => {
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    write(w.login.ctx.db, ['iot_social_platform'], "UPDATE iot_social_platform SET status = '1' WHERE platform = 'wechat_open_web'");
    const o = outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('zhangsan')}&state=${state}`)).location);
    expect((await b.get(`/auth/getErrorMsg/${o.id}`)).body.msg).toBe('当前第三方登录平台被禁用');
  });
});

describe('OAuth state: single use and bound to the browser (FastBee: neither)', () => {
  it('a replayed state is refused with "Illegal state", even with a fresh valid code', async () => {
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    const first = outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('wangwu')}&state=${state}`)).location);
    expect(first.kind).toBe('bindId');
    const replay = outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('wangwu')}&state=${state}`)).location);
    expect(replay.kind).toBe('errorId');
    expect((await b.get(`/auth/getErrorMsg/${replay.id}`)).body.msg).toBe('Illegal state');
  });

  it('a state used from another browser (other cookie) is refused', async () => {
    const victim = w.browser();
    const render = await victim.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    const attacker = w.browser();
    await attacker.get('/auth/render/wechat_open_web'); // the attacker has a browser cookie of its own
    const o = outcomeOf((await attacker.get(`/auth/callback/wechat_open_web?code=${await w.code('lisi')}&state=${state}`)).location);
    expect(o.kind).toBe('errorId');
    expect((await attacker.get(`/auth/getErrorMsg/${o.id}`)).body.msg).toBe('Illegal state');
    // and with no cookie at all
    const bare = w.browser();
    const o2 = outcomeOf((await bare.get(`/auth/callback/wechat_open_web?code=${await w.code('lisi')}&state=${state}`)).location);
    expect(o2.kind).toBe('errorId');
  });

  it('an unknown or expired (180 s) state is refused', async () => {
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    await b.post('/__mock/clock', { advanceSeconds: 181 });
    const o = outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('lisi')}&state=${state}`)).location);
    expect((await b.get(`/auth/getErrorMsg/${o.id}`)).body.msg).toBe('Illegal state');
    const o2 = outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('lisi')}&state=ffffffffffffffffffffffffffffffff`)).location);
    expect((await b.get(`/auth/getErrorMsg/${o2.id}`)).body.msg).toBe('Illegal state');
  });

  it('two logins in flight in one browser both work (the cookie identifies the browser, not one login)', async () => {
    const b = w.browser();
    const s1 = new URL((await b.get('/auth/render/wechat_open_web')).location!).searchParams.get('state')!;
    const s2 = new URL((await b.get('/auth/render/wechat_open_web')).location!).searchParams.get('state')!;
    expect(outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('lisi')}&state=${s2}`)).location).kind).toBe('bindId');
    expect(outcomeOf((await b.get(`/auth/callback/wechat_open_web?code=${await w.code('wangwu')}&state=${s1}`)).location).kind).toBe('bindId');
  });
});

describe('redirect targets are limited to configured origins', () => {
  it('a platform row edited (outside the API) to send browsers elsewhere gets an error page, not a redirect', async () => {
    write(
      w.login.ctx.db,
      ['iot_social_platform'],
      "UPDATE iot_social_platform SET bind_uri = 'https://evil.example/steal?bindId=' WHERE platform = 'wechat_open_web'",
    );
    const b = w.browser();
    const render = await b.get('/auth/render/wechat_open_web');
    const state = new URL(render.location!).searchParams.get('state')!;
    const cb = await b.get(`/auth/callback/wechat_open_web?code=${await w.code('wangwu')}&state=${state}`);
    expect(cb.status).toBe(400);
    expect(cb.location).toBeUndefined();
    expect(String(cb.body)).toContain('data-testid="error-page"');
  });

  it('absolute URIs on an origin listed in allowedRedirectOrigins are followed', async () => {
    await w.stop();
    w = await startLoginWorld({ allowedRedirectOrigins: ['http://frontend.test:8080'] });
    write(
      w.login.ctx.db,
      ['iot_social_platform'],
      "UPDATE iot_social_platform SET bind_uri = 'http://frontend.test:8080/login?bindId=' WHERE platform = 'wechat_open_web'",
    );
    const o = await w.webLogin(w.browser(), 'wangwu');
    expect(o.location.startsWith('http://frontend.test:8080/login?bindId=')).toBe(true);
  });
});
