import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../core/http-client.ts';
import { APPS, expectWxError, SNS_TYPE, useMock } from '../test-support.ts';
import { MAX_BODY_BYTES } from './params.ts';

/**
 * How the API endpoints read their parameters (docs/wire/wechat-requests.md): GET or POST, the query
 * string and a form body alike, extras and an Authorization header ignored, bodies WeChat would
 * refuse answered in its errcode shape.
 */
const t = useMock();
const { web, mini } = APPS;
const FORM = 'application/x-www-form-urlencoded;charset=UTF-8';
/** What Auth.js adds to its code exchange besides WeChat's parameters. */
const BASIC = `Basic ${Buffer.from(`${web.appid}:${web.secret}`).toString('base64')}`;

type Params = Record<string, string>;
type Way = 'GET' | 'POST form' | 'POST split';

/** Sends one call the given way; "POST split" keeps `inQuery` in the query and the rest in a form body. */
async function call(path: string, params: Params, way: Way, inQuery: string[] = []): Promise<HttpResponse> {
  if (way === 'GET') return t.wx.get(path, { query: params });
  const query = way === 'POST split' ? Object.fromEntries(Object.entries(params).filter(([k]) => inQuery.includes(k))) : {};
  const body = Object.fromEntries(Object.entries({ ...params, redirect_uri: 'http://127.0.0.1/cb' }).filter(([k]) => !(k in query)));
  return t.wx.post(path, new URLSearchParams(body), { query, headers: { 'content-type': FORM, authorization: BASIC } });
}

/** An answer with what differs between two equal calls blanked: new tokens and keys, the rid. */
function comparable(a: HttpResponse): unknown {
  const body = { ...a.body };
  for (const k of ['access_token', 'refresh_token', 'session_key']) if (k in body) body[k] = typeof body[k];
  if (typeof body.errmsg === 'string') body.errmsg = body.errmsg.replace(/rid: .*$/, 'rid');
  return { status: a.status, contentType: a.contentType, keys: Object.keys(a.body), body };
}

const WAYS: Way[] = ['GET', 'POST form', 'POST split'];

describe('every /sns/* endpoint: GET, POST with a form body, POST split between query and body', () => {
  it('/sns/oauth2/access_token gives the same answer each way (a new code each time), and the same errors', async () => {
    const answers = [];
    for (const way of WAYS) {
      const code = await t.wx.code('web', 'zhangsan');
      answers.push(comparable(await call('/sns/oauth2/access_token', { ...web, code, grant_type: 'authorization_code' }, way, ['appid', 'secret'])));
    }
    expect(answers[0]).toMatchObject({ keys: ['access_token', 'expires_in', 'refresh_token', 'openid', 'scope', 'unionid'], contentType: SNS_TYPE });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const errors = [];
    for (const way of WAYS)
      errors.push(
        comparable(
          await call('/sns/oauth2/access_token', { ...web, secret: 'x'.repeat(32), code: 'c', grant_type: 'authorization_code' }, way, ['appid', 'secret']),
        ),
      );
    expect(errors[0]).toMatchObject({ body: { errcode: 40125, errmsg: 'invalid appsecret, rid' } });
    expect(errors[1]).toEqual(errors[0]);
    expect(errors[2]).toEqual(errors[0]);
  });

  it('/sns/oauth2/refresh_token, /sns/userinfo and /sns/auth give the identical answer each way', async () => {
    const tok = await t.wx.login(web, 'lisi');
    const cases: [string, Params, string[]][] = [
      ['/sns/oauth2/refresh_token', { appid: web.appid, grant_type: 'refresh_token', refresh_token: tok.refresh_token }, ['appid']],
      ['/sns/userinfo', { access_token: tok.access_token, openid: tok.openid, lang: 'zh_CN' }, ['access_token']],
      ['/sns/auth', { access_token: tok.access_token, openid: tok.openid }, ['openid']],
    ];
    for (const [path, params, inQuery] of cases) {
      const [get, form, split] = await Promise.all(WAYS.map((way) => call(path, params, way, inQuery)));
      expect(get!.body.errcode ?? 0, `${path} ${get!.raw}`).toBe(0);
      expect(form!.raw, path).toBe(get!.raw);
      expect(split!.raw, path).toBe(get!.raw);
      expect([get!.contentType, form!.contentType, split!.contentType]).toEqual([SNS_TYPE, SNS_TYPE, SNS_TYPE]);
    }
  });

  it('/sns/jscode2session gives the same answer each way (a new wx.login code each time)', async () => {
    const answers = [];
    for (const way of WAYS) {
      const { code } = await t.wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'zhangsan' });
      answers.push(comparable(await call('/sns/jscode2session', { ...mini, js_code: code, grant_type: 'authorization_code' }, way, ['appid', 'secret'])));
    }
    expect(answers[0]).toMatchObject({ keys: ['session_key', 'openid', 'unionid'] });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});

describe('what is read and what is not', () => {
  it('/cgi-bin/token takes POST with a form body too', async () => {
    const r = await call('/cgi-bin/token', { grant_type: 'client_credential', ...mini }, 'POST split', ['grant_type']);
    expect(Object.keys(r.body)).toEqual(['access_token', 'expires_in']);
  });

  it('takes the query first when a name is in both; an empty query value gives way to the body', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const post = (qs: string, body: string) => t.wx.post(`/sns/oauth2/access_token?${qs}`, body, { headers: { 'content-type': FORM } }).then((r) => r.body);
    expect((await post(`appid=${web.appid}&secret=${'x'.repeat(32)}`, `secret=${web.secret}&code=${code}`)).errcode).toBe(40125);
    expect((await post(`appid=${web.appid}&secret=`, `secret=${web.secret}&code=${code}`)).openid).toMatch(/^o/);
  });

  it('ignores a body that is not a form (JSON, text/plain, multipart): only the query counts', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const params = { ...web, code, grant_type: 'authorization_code' };
    for (const [type, body] of [
      ['application/json', JSON.stringify(params)],
      ['text/plain', new URLSearchParams(params).toString()],
      ['multipart/form-data; boundary=x', '--x--'],
    ] as const) {
      const r = await t.wx.post('/sns/oauth2/access_token', body, { headers: { 'content-type': type } });
      expect(r.contentType).toBe(SNS_TYPE);
      expect(r.body, type).toMatchObject({ errcode: 41002 });
    }
    // The code was not used up by the refused calls.
    expect((await t.wx.exchange(web, code)).body.openid).toMatch(/^o/);
  });

  it('reads a form body leniently: stray % signs and invalid UTF-8 are only wrong values', async () => {
    const r = await t.wx.post(
      `/sns/oauth2/access_token?appid=${web.appid}`,
      Buffer.concat([Buffer.from('secret=%ZZ%&code=%E0%A4%A&grant_type=authorization_code&'), Buffer.from([0xff, 0xfe, 0x3d, 0x25])]),
      {
        headers: { 'content-type': FORM },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ errcode: 40125 });
  });
});

describe('bodies WeChat would refuse', () => {
  const big = 'x'.repeat(MAX_BODY_BYTES + 1);

  it(`a body over ${MAX_BODY_BYTES} bytes, with or without Content-Length, gets 47001 and the mock goes on`, async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const sized = await t.wx.request('POST', `/sns/oauth2/access_token?appid=${web.appid}&secret=${web.secret}&code=${code}`, { body: `pad=${big}` });
    expectWxError(sized, 47001, 'data format error');
    expect(sized.contentType).toBe(SNS_TYPE);
    // Chunked: no Content-Length, counted while it streams.
    const chunks = [Buffer.from('{"grant_type":"client_credential","pad":"'), Buffer.from(big), Buffer.from('"}')];
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        const next = chunks.shift();
        if (next) ctl.enqueue(next);
        else ctl.close();
      },
    });
    const res = await t.wx.post('/cgi-bin/stable_token', stream, { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ errcode: 47001 });
    expectWxError(await t.wx.post('/wxa/checksession', big, { query: { access_token: await t.wx.appToken() } }), 47001);
    // The refused exchange did not use the code up; the journal notes the body without keeping it.
    expect((await t.wx.exchange(web, code)).body.openid).toMatch(/^o/);
    const [entry] = (await t.wx.control('GET', '/journal?path=/wxa/checksession')).entries;
    expect(entry.request.body).toBe(`[request body over ${MAX_BODY_BYTES} bytes, not read]`);
  });

  it('malformed JSON on the JSON endpoints gets 47001, an empty required body 44002', async () => {
    const token = await t.wx.appToken();
    for (const bad of ['{', '{"code":', '[1]', 'null', '"x"', '\u0000']) {
      expectWxError(await t.wx.post('/cgi-bin/stable_token', bad), 47001);
      expectWxError(await t.wx.post('/wxa/business/getuserphonenumber', bad, { query: { access_token: token } }), 47001);
      expectWxError(await t.wx.post('/wxa/checksession', bad, { query: { access_token: token } }), 47001);
    }
    expectWxError(await t.wx.post('/cgi-bin/stable_token', ''), 44002);
    expectWxError(await t.wx.post('/wxa/business/getuserphonenumber', ' ', { query: { access_token: token } }), 44002);
    // The token is checked before the body there, as before.
    expectWxError(await t.wx.post('/wxa/business/getuserphonenumber', '{'), 41001);
  });
});

describe('the journal', () => {
  it('masks a secret sent in a form body and in a Basic authorization header', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const r = await call('/sns/oauth2/access_token', { ...web, code, grant_type: 'authorization_code' }, 'POST form');
    expect(r.body.openid).toMatch(/^o/);
    const text = (await t.wx.get('/__mock/journal', { query: { path: '/sns/oauth2/access_token' } })).raw;
    const basic = BASIC.slice('Basic '.length);
    for (const leak of [web.secret, basic, encodeURIComponent(basic)]) expect(text).not.toContain(leak);
    const [entry] = JSON.parse(text).entries;
    expect(entry).toMatchObject({ method: 'POST', appid: web.appid });
    expect(entry.request.body).toMatch(/(^|&)secret=6f1\*\*\*\*f0(&|$)/);
    expect(entry.request.headers.authorization).toMatch(/^Basic [^*]{3}\*\*\*\*/);
  });
});
