import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, JSON_TYPE, useMock } from '../test-support.ts';
import { jsapiSignature } from './preverify.ts';

const t = useMock();
const { official } = APPS;
const getticket = (q: Record<string, string>) => t.wx.get('/cgi-bin/ticket/getticket', { query: q });

/** wx.config's check as the served jweixin script posts it. */
async function preverify(fields: Record<string, string>) {
  const r = await t.wx.post<{ errMsg: string; sandboxHint?: string }>('/jsapi/preverify', new URLSearchParams(fields));
  return { status: r.status, cors: r.headers.get('access-control-allow-origin'), body: r.body };
}

describe('/cgi-bin/ticket/getticket', () => {
  it('answers errcode 0, ok, the ticket and its lifetime; the same ticket while it lives, a new one after', async () => {
    const token = await t.wx.appToken(official);
    const r = await getticket({ access_token: token, type: 'jsapi' });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe(JSON_TYPE);
    expect(Object.keys(r.body)).toEqual(['errcode', 'errmsg', 'ticket', 'expires_in']);
    expect(r.body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(r.body.ticket).toMatch(/^[A-Za-z0-9_-]{86}$/);

    await t.wx.advance(1000);
    const again = await getticket({ access_token: token, type: 'jsapi' });
    expect(again.body).toMatchObject({ ticket: r.body.ticket, expires_in: 6200 });
    // wx_card is a ticket of its own.
    expect((await getticket({ access_token: token, type: 'wx_card' })).body.ticket).not.toBe(r.body.ticket);

    await t.wx.advance(6200);
    const fresh = await getticket({ access_token: await t.wx.appToken(official), type: 'jsapi' });
    expect(fresh.body.ticket).not.toBe(r.body.ticket);
    expect(fresh.body.expires_in).toBe(7200);
  });

  it('answers the app-token errors: 41001 missing, 40001 unknown or superseded, 42001 expired', async () => {
    expectWxError(await getticket({ type: 'jsapi' }), 41001, 'access_token missing');
    expectWxError(await getticket({ access_token: 'nope', type: 'jsapi' }), 40001);
    const old = await t.wx.appToken(official);
    await t.wx.appToken(official);
    await t.wx.advance(301);
    expectWxError(await getticket({ access_token: old, type: 'jsapi' }), 40001);
    const token = await t.wx.appToken(official);
    await t.wx.advance(7201);
    expectWxError(await getticket({ access_token: token, type: 'jsapi' }), 42001, 'access_token expired');
  });

  it('answers 40097 for a missing or unknown type, and 48001 for an app that is no Official Account', async () => {
    const token = await t.wx.appToken(official);
    expectWxError(await getticket({ access_token: token }), 40097, 'invalid args');
    expectWxError(await getticket({ access_token: token, type: 'foo' }), 40097);
    expectWxError(await getticket({ access_token: await t.wx.appToken(APPS.mini), type: 'jsapi' }), 48001, 'api unauthorized');
    expect(t.mock.ctx.db.prepare('SELECT COUNT(*) AS n FROM jsapi_tickets').get()).toEqual({ n: 0 });
  });

  it('takes an injected fault after its checks, and is in the journal under the app', async () => {
    const token = await t.wx.appToken(official);
    await t.wx.control('POST', '/faults', { endpoint: '/cgi-bin/ticket/getticket', errcode: 45009 });
    expectWxError(await getticket({ access_token: token, type: 'jsapi' }), 45009);
    expect((await getticket({ access_token: token, type: 'jsapi' })).body.errcode).toBe(0);
    const { entries } = await t.wx.control('GET', `/journal?path=/cgi-bin/ticket/getticket&appid=${official.appid}`);
    expect(entries).toHaveLength(2);
  });
});

describe('POST /jsapi/preverify (what wx.config asks)', () => {
  const PAGE = 'http://127.0.0.1:8080/h5/index.html?from=menu';

  async function signed(over: Record<string, string> = {}, ticket?: string) {
    const tk = ticket ?? (await getticket({ access_token: await t.wx.appToken(official), type: 'jsapi' })).body.ticket;
    const fields = { appId: official.appid, timestamp: '1700000000', nonceStr: 'Wm3WZYTPz0wzccnW', url: PAGE, ...over };
    return { ...fields, signature: jsapiSignature(tk, fields.nonceStr, fields.timestamp, fields.url) };
  }

  it("computes the documented signature (the JS-SDK doc's sample)", () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', '1414587457', 'http://mp.weixin.qq.com?params=value')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('answers config:ok for a signature over the current ticket, cross-origin readable', async () => {
    const r = await preverify(await signed());
    expect(r).toEqual({ status: 200, cors: '*', body: { errMsg: 'config:ok' } });
  });

  it("answers WeChat's texts: invalid signature (wrong signature, another URL, expired ticket), invalid url domain, invalid appid", async () => {
    const good = await signed();
    expect((await preverify({ ...good, signature: 'f'.repeat(40) })).body.errMsg).toBe('config:invalid signature');
    expect((await preverify({ ...good, url: `${PAGE}&shared=1` })).body.errMsg).toBe('config:invalid signature');
    expect((await preverify({ ...good, timestamp: '1700000001' })).body.errMsg).toBe('config:invalid signature');
    const elsewhere = await signed({ url: 'http://localhost:8080/h5/index.html' });
    expect((await preverify(elsewhere)).body.errMsg).toBe('config:invalid url domain');
    expect((await preverify({ ...good, appId: APPS.web.appid })).body.errMsg).toBe('config:invalid appid');
    expect((await preverify({ ...good, appId: '' })).body.errMsg).toBe('config:invalid appid');

    await t.wx.advance(7201);
    const expired = await preverify(good);
    expect(expired.body.errMsg).toBe('config:invalid signature');
    expect(expired.body.sandboxHint).toMatch(/expired/);
  });

  it('takes a body that is no form as empty fields (invalid appid), never a 500', async () => {
    const r = await t.wx.post<{ errMsg: string }>('/jsapi/preverify', '{"appId":', { headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.body.errMsg).toBe('config:invalid appid');
  });
});

describe('the served jweixin script', () => {
  it("is at WeChat's path, for any 1.x version, as cross-origin JavaScript; other files are 404", async () => {
    for (const version of ['1.6.0', '1.4.0', '1.0.0']) {
      const r = await t.wx.get(`/open/js/jweixin-${version}.js`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      const text = r.raw;
      expect(text).toContain('/jsapi/preverify');
      // Compiled from TypeScript: no type annotation is left in what the browser runs.
      expect(text).not.toMatch(/: (string|boolean|ConfigInput)\b/);
    }
    expect((await t.wx.get('/open/js/jweixin-2.js')).status).toBe(404);
    expect((await t.wx.get('/open/js/other.js')).status).toBe(404);
  });
});
