import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockWechat, type StartedMockWechat } from '../app.ts';
import { APPS, expectWxError, Wx } from '../test-support.ts';

/** The Official Account's web authorization over plain HTTP: what a browser inside WeChat sends. */
const OFFICIAL = APPS.official;
const CALLBACK = 'http://127.0.0.1:7700/wx/mp/callback?from=menu';
/** Only "MicroMessenger" matters; the harness sends a whole WeChat User-Agent (harness/wechat-browser.ts). */
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

let mock: StartedMockWechat;
let wx: Wx;

function authorizeQuery(over: Record<string, string | undefined> = {}): string {
  const q: Record<string, string | undefined> = {
    appid: OFFICIAL.appid,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'snsapi_userinfo',
    state: 'st-1',
    ...over,
  };
  return new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined)).toString();
}

/** GET /connect/oauth2/authorize as a browser: its User-Agent and cookies, redirects not followed. */
async function authorize(query: string, opts: { ua?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = { 'user-agent': opts.ua ?? WECHAT_UA };
  if (opts.cookie) headers.cookie = opts.cookie;
  const r = await wx.get(`/connect/oauth2/authorize?${query}#wechat_redirect`, { headers });
  return { status: r.status, location: r.headers.get('location'), setCookie: r.headers.get('set-cookie'), type: r.contentType, body: r.raw };
}

/** The consent page's form, as its buttons post it. */
async function answer(fields: Record<string, string>) {
  const body = new URLSearchParams({
    appid: OFFICIAL.appid,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'snsapi_userinfo',
    state: 'st-1',
    ...fields,
  });
  const r = await wx.post('/connect/oauth2/authorize', body);
  return { status: r.status, location: r.headers.get('location'), setCookie: r.headers.get('set-cookie'), body: r.raw };
}

function codeOf(location: string | null): string {
  const code = new URL(location ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

const codeCount = () => (mock.ctx.db.prepare('SELECT COUNT(*) AS n FROM codes WHERE appid = ?').get(OFFICIAL.appid) as { n: number }).n;

beforeAll(async () => {
  mock = await startMockWechat();
  wx = new Wx(mock.url);
});
afterAll(() => mock.stop());
beforeEach(async () => {
  await wx.control('POST', '/reset');
});

describe('snsapi_base', () => {
  it("is silent: a 302 to redirect_uri?code=&state= for the browser's persona; the token has scope snsapi_base, no unionid, and userinfo refuses it", async () => {
    const r = await authorize(authorizeQuery({ scope: 'snsapi_base', state: 'a b/é' }), { cookie: 'wxmock_persona=lisi' });
    expect(r.status).toBe(302);
    // Appended to the callback's own query, state percent-encoded and given back unchanged.
    expect(r.location).toMatch(/^http:\/\/127\.0\.0\.1:7700\/wx\/mp\/callback\?from=menu&code=[A-Za-z0-9]{32}&state=a%20b%2F%C3%A9$/);
    const token = await wx.exchange(OFFICIAL, codeOf(r.location));
    expect(token.body).toEqual({
      access_token: expect.any(String),
      expires_in: 7200,
      refresh_token: expect.any(String),
      openid: mock.ctx.world.openidFor(mock.ctx.world.getPersona('lisi')!, OFFICIAL.appid),
      scope: 'snsapi_base',
    });
    expectWxError(await wx.get('/sns/userinfo', { query: { access_token: token.body.access_token, openid: token.body.openid } }), 48001, 'api unauthorized');
    // Refresh keeps the scope: still snsapi_base, still no userinfo.
    const refreshed = await wx.get('/sns/oauth2/refresh_token', {
      query: { appid: OFFICIAL.appid, grant_type: 'refresh_token', refresh_token: token.body.refresh_token },
    });
    expect(refreshed.body).toMatchObject({ scope: 'snsapi_base', openid: token.body.openid });
    expect(refreshed.body.unionid).toBeUndefined();
    expectWxError(await wx.get('/sns/userinfo', { query: { access_token: refreshed.body.access_token, openid: token.body.openid } }), 48001);
    // /sns/auth still answers for it: the token itself is fine.
    expect((await wx.get('/sns/auth', { query: { access_token: token.body.access_token, openid: token.body.openid } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
  });

  it('asks the dev panel once when the browser has no persona; the choice is remembered in a cookie', async () => {
    const r = await authorize(authorizeQuery({ scope: 'snsapi_base' }));
    expect(r.status).toBe(200);
    expect(r.body).toContain('data-testid="oauth-silent"');
    expect(r.body).toContain('data-testid="dev-panel"');
    expect(r.body).not.toContain('data-testid="oauth-allow"');
    expect(codeCount()).toBe(0);
    const picked = await answer({ scope: 'snsapi_base', persona: 'wangwu', action: 'allow' });
    expect(picked.status).toBe(302);
    expect(picked.setCookie).toMatch(/^wxmock_persona=wangwu; Path=\/; SameSite=Lax$/);
    expect((await wx.exchange(OFFICIAL, codeOf(picked.location))).body.scope).toBe('snsapi_base');
    // A cookie naming no persona of the world counts as none.
    expect((await authorize(authorizeQuery({ scope: 'snsapi_base' }), { cookie: 'wxmock_persona=nobody' })).body).toContain('data-testid="oauth-silent"');
  });
});

describe('snsapi_userinfo', () => {
  it("shows the consent page with the browser's persona chosen; 允许 gives a code whose token carries scope and unionid", async () => {
    const page = await authorize(authorizeQuery(), { cookie: 'wxmock_persona=zhaoliu' });
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('公众号（网页授权）');
    expect(page.body).toContain('data-testid="oauth-allow"');
    expect(page.body).toMatch(/<option value="zhaoliu" selected="">/);
    expect(codeCount()).toBe(0);

    const allowed = await answer({ persona: 'zhaoliu', action: 'allow' });
    expect(allowed.status).toBe(302);
    expect(allowed.location).toMatch(/^http:\/\/127\.0\.0\.1:7700\/wx\/mp\/callback\?from=menu&code=[A-Za-z0-9]{32}&state=st-1$/);
    const token = await wx.exchange(OFFICIAL, codeOf(allowed.location));
    expect(Object.keys(token.body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'openid', 'scope', 'unionid']);
    expect(token.body.scope).toBe('snsapi_userinfo');
    const info = await wx.get('/sns/userinfo', { query: { access_token: token.body.access_token, openid: token.body.openid, lang: 'zh_CN' } });
    expect(info.body).toMatchObject({ openid: token.body.openid, nickname: '赵六🌸', unionid: token.body.unionid });
    // Refresh keeps the scope.
    const refreshed = await wx.get('/sns/oauth2/refresh_token', {
      query: { appid: OFFICIAL.appid, grant_type: 'refresh_token', refresh_token: token.body.refresh_token },
    });
    expect(refreshed.body.scope).toBe('snsapi_userinfo');
  });

  it('gives the same unionid as the website app (and the mobile app and mini program) of the same Open Platform account, and another openid', async () => {
    const official = await wx.exchange(OFFICIAL, codeOf((await answer({ persona: 'zhangsan', action: 'allow' })).location));
    const web = await wx.login(APPS.web, 'zhangsan');
    expect(official.body.unionid).toBe(web.unionid);
    expect(official.body.unionid).toBe(mock.ctx.world.unionidForAccount(mock.ctx.world.getPersona('zhangsan')!, 'default'));
    expect(official.body.openid).not.toBe(web.openid);
    // The mobile app and the mini program of the same account agree.
    expect((await wx.login(APPS.mobile, 'zhangsan')).unionid).toBe(official.body.unionid);
    expect((await wx.miniLogin('zhangsan')).unionid).toBe(official.body.unionid);
    // Another persona: another unionid.
    const other = await wx.exchange(OFFICIAL, codeOf((await answer({ persona: 'lisi', action: 'allow' })).location));
    expect(other.body.unionid).not.toBe(official.body.unionid);
  });

  it('gives no unionid at all once the Official Account is bound to no Open Platform account', async () => {
    await wx.control('PATCH', '/apps/official', { account: null });
    const token = await wx.exchange(OFFICIAL, codeOf((await answer({ persona: 'zhangsan', action: 'allow' })).location));
    expect(token.body.scope).toBe('snsapi_userinfo');
    expect(token.body.unionid).toBeUndefined();
    const info = await wx.get('/sns/userinfo', { query: { access_token: token.body.access_token, openid: token.body.openid } });
    expect(info.body.nickname).toBe('张三');
    expect(info.body.unionid).toBeUndefined();
  });

  it('拒绝 sends the browser back with state only (refusal "redirect"), or stays on a refusal page (refusal "none"); no code either way', async () => {
    const refused = await answer({ persona: 'zhangsan', action: 'deny' });
    expect(refused.status).toBe(302);
    expect(refused.location).toBe('http://127.0.0.1:7700/wx/mp/callback?from=menu&state=st-1');
    await wx.control('PATCH', '/options', { refusal: 'none' });
    const stays = await answer({ persona: 'zhangsan', action: 'deny' });
    expect(stays.status).toBe(200);
    expect(stays.body).toContain('data-result="denied"');
    expect(codeCount()).toBe(0);
  });

  it('refuses a form without a known persona or action, and issues nothing', async () => {
    const forms: Record<string, string>[] = [{ persona: 'nobody', action: 'allow' }, { action: 'allow' }, { persona: 'zhangsan', action: 'maybe' }];
    for (const fields of forms) {
      const r = await answer(fields);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.body).toContain('data-result="error"');
    }
    expect(codeCount()).toBe(0);
  });

  it('codes live 5 minutes (the Official Account doc), are single use and bound to the appid', async () => {
    const late = codeOf((await answer({ persona: 'zhangsan', action: 'allow' })).location);
    await wx.advance(301);
    expectWxError(await wx.exchange(OFFICIAL, late), 40029, 'invalid code');
    const code = codeOf((await answer({ persona: 'zhangsan', action: 'allow' })).location);
    expectWxError(await wx.exchange(APPS.web, code), 40029);
    expect((await wx.exchange(OFFICIAL, code)).body.openid).toBeTypeOf('string');
    expectWxError(await wx.exchange(OFFICIAL, code), 40163, 'code been used');
  });
});

describe("outside WeChat's browser", () => {
  it('shows "请在微信客户端打开链接" and issues no code, whatever the parameters', async () => {
    for (const ua of [DESKTOP_UA, '']) {
      for (const query of [authorizeQuery(), authorizeQuery({ scope: 'snsapi_base' }), authorizeQuery({ appid: 'wx0000000000000000' })]) {
        const r = await authorize(query, { ua, cookie: 'wxmock_persona=zhangsan' });
        expect(r.status).toBe(200);
        expect(r.body).toContain('请在微信客户端打开链接');
        expect(r.body).toContain('data-testid="dev-continue"');
      }
    }
    expect(codeCount()).toBe(0);
  });

  it("continues as inside WeChat with the dev panel's cookie, or for every browser with the outsideWechat option", async () => {
    const viaCookie = await authorize(authorizeQuery({ scope: 'snsapi_base' }), { ua: DESKTOP_UA, cookie: 'wxmock_in_wechat=1; wxmock_persona=lisi' });
    expect(viaCookie.status).toBe(302);
    expect(viaCookie.location).toContain('code=');
    await wx.control('PATCH', '/options', { outsideWechat: 'continue' });
    expect((await authorize(authorizeQuery(), { ua: DESKTOP_UA })).body).toContain('data-testid="oauth-consent"');
    await wx.control('PATCH', '/options', { outsideWechat: 'refuse' });
    expect((await authorize(authorizeQuery(), { ua: DESKTOP_UA })).body).toContain('请在微信客户端打开链接');
    const bad = await wx.patch('/__mock/options', { outsideWechat: 'maybe' });
    expect(bad.status).toBe(400);
  });
});

describe('parameter checks: WeChat\'s "该链接无法访问" page with the 100xx code', () => {
  const bad: [string, Record<string, string | undefined>, number][] = [
    ['appid missing', { appid: undefined }, 10012],
    ['unknown appid', { appid: 'wx0000000000000000' }, 10016],
    ["a website app's appid (Open Platform, not an Official Account)", { appid: APPS.web.appid }, 10016],
    ["a mini program's appid", { appid: APPS.mini.appid }, 10016],
    ['scope missing', { scope: undefined }, 10010],
    ['scope snsapi_login', { scope: 'snsapi_login' }, 10005],
    ['scope of two values', { scope: 'snsapi_base,snsapi_userinfo' }, 10005],
    ['redirect_uri missing', { redirect_uri: undefined }, 10011],
    ['redirect_uri on another domain', { redirect_uri: 'http://evil.example.org/cb' }, 10003],
    ['redirect_uri on a subdomain of the authorised domain (the Official Account rule is the exact host)', { redirect_uri: 'http://www.127.0.0.1/cb' }, 10003],
    ['redirect_uri not http(s)', { redirect_uri: 'ftp://127.0.0.1/cb' }, 10003],
    ['redirect_uri not a URL', { redirect_uri: 'not-a-url' }, 10003],
    ['response_type other than code', { response_type: 'token' }, 10008],
  ];

  it.each(bad)('%s -> code %i, no code issued', async (_name, over, errcode) => {
    const r = await authorize(authorizeQuery(over), { cookie: 'wxmock_persona=zhangsan' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('该链接无法访问');
    expect(r.body).toContain(`data-errcode="${errcode}"`);
    expect(r.body).toContain(`错误码：${errcode}`);
    // The same checks guard the consent page's POST.
    const posted = await answer({ ...Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v ?? ''])), persona: 'zhangsan', action: 'allow' });
    expect(posted.body).toContain(`错误码：${errcode}`);
    expect(codeCount()).toBe(0);
  });

  it("tolerates a missing #wechat_redirect (a fragment never reaches the server), a missing response_type and extra parameters (WxJava's connect_redirect=1)", async () => {
    const r = await wx.get(`/connect/oauth2/authorize?${authorizeQuery({ scope: 'snsapi_base', response_type: undefined })}&connect_redirect=1`, {
      headers: { 'user-agent': WECHAT_UA, cookie: 'wxmock_persona=zhangsan' },
    });
    expect(r.status).toBe(302);
    expect(r.location).toContain('code=');
  });

  it('accepts the authorised domain on any port and over https', async () => {
    const r = await authorize(authorizeQuery({ scope: 'snsapi_base', redirect_uri: 'https://127.0.0.1:8443/cb' }), { cookie: 'wxmock_persona=zhangsan' });
    expect(r.location).toMatch(/^https:\/\/127\.0\.0\.1:8443\/cb\?code=/);
  });
});

describe('the journal', () => {
  it('shows the authorize calls under the app and the persona', async () => {
    await authorize(authorizeQuery());
    await answer({ persona: 'lisi', action: 'allow' });
    const { entries } = await wx.control('GET', `/journal?path=/connect/oauth2/authorize&appid=${OFFICIAL.appid}`);
    expect(entries.map((e: { method: string }) => e.method)).toEqual(['POST', 'GET']);
    expect(entries[0]).toMatchObject({ appid: OFFICIAL.appid, persona: 'lisi', status: 302 });
    const byPersona = await wx.control('GET', '/journal?path=/connect/oauth2/authorize&persona=lisi');
    expect(byPersona.entries).toHaveLength(1);
  });
});
