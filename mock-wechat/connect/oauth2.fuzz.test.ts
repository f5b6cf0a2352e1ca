import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_ENCODINGS,
  breakValue,
  BROKEN_JSON,
  buildQuery,
  FUZZ_SEED,
  fuzzCases,
  garbage,
  HUGE,
  INVALID_UTF8,
  type FuzzCase,
  type QueryValue,
  type Rng,
} from '../../core/fuzz-support.ts';
import { jsapiSignature } from '../jssdk/preverify.ts';
import { APPS, startTestMock, type Wx } from '../test-support.ts';
import type { StartedMockWechat } from '../app.ts';

/**
 * Malformed Official Account authorize requests (the page and its form) and wx.config checks:
 * a page (HTTP 200, or 400 for a form that is no answer) or a JSON verdict, never a 5xx, never a
 * code or a `config:ok`, and the exported state unchanged. Seeded: WXMOCK_FUZZ_SEED=<seed>.
 */
const AUTHORIZE_CASES = 200;
const PREVERIFY_CASES = 80;
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 13; wv) MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64';
const OFFICIAL = APPS.official;
const CALLBACK = 'http://127.0.0.1:7700/wx/mp/callback';
const BAD_REDIRECTS = [
  '',
  'http://evil.example.org/cb',
  'http://127.0.0.1.evil.org/cb',
  'http://www.127.0.0.1/cb',
  'ftp://127.0.0.1/cb',
  'javascript:alert(1)//127.0.0.1',
  'not a url',
  '//127.0.0.1/cb',
  HUGE,
  '中文🌸',
  'http://[::1/cb',
];

/** One guard broken in every case (appid, scope or redirect_uri; on the form also persona or action), so none can succeed. */
function authorizeCase(r: Rng): FuzzCase {
  const post = r.chance(0.4);
  const valid: Record<string, string> = {
    appid: OFFICIAL.appid,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: r.pick(['snsapi_base', 'snsapi_userinfo']),
    state: 'st',
  };
  if (post) Object.assign(valid, { persona: 'zhangsan', action: 'allow' });
  const guards = post ? ['appid', 'scope', 'redirect_uri', 'persona', 'action'] : ['appid', 'scope', 'redirect_uri'];
  const broken = r.pick(guards);
  const pairs: [string, QueryValue][] = [];
  for (const [k, v] of Object.entries(valid)) {
    if (k !== broken) {
      if (r.chance(0.1) && !guards.includes(k)) pairs.push([k, { text: garbage(r) }]);
      else pairs.push([k, { text: v }]);
      continue;
    }
    // scope "snsapi_base " or in upper case, an appid cut short: never valid again. A redirect_uri must leave the domain.
    const b = k === 'redirect_uri' ? (r.chance(0.8) ? { text: r.pick(BAD_REDIRECTS) } : { raw: r.pick(BAD_ENCODINGS) }) : breakValue(r, v);
    if (b && !('text' in b && k === 'action' && b.text === 'deny')) pairs.push([k, b]);
  }
  for (let i = r.int(3); i > 0; i--) pairs.push([r.pick(['connect_redirect', 'forcePopup', '__proto__', 'x'.repeat(100), '中文']), { text: garbage(r, 20) }]);
  const headers: Record<string, string> = { 'user-agent': r.chance(0.85) ? WECHAT_UA : garbage(r) };
  if (r.chance(0.7))
    headers.cookie = r.pick([
      'wxmock_persona=zhangsan',
      'wxmock_persona=zhangsan; wxmock_in_wechat=1',
      `wxmock_persona=${encodeURIComponent(garbage(r, 10))}`,
      'wxmock_persona=%ZZ',
      'wxmock_persona=',
    ]);
  const q = buildQuery(pairs);
  if (!post) return { label: `GET authorize broken ${broken}`, method: 'GET', path: `/connect/oauth2/authorize?${q}`, headers };
  const body = r.chance(0.1) ? r.pick([...BROKEN_JSON, 'x'.repeat(70_000)]) : q;
  return {
    label: `POST authorize broken ${broken}`,
    method: 'POST',
    path: '/connect/oauth2/authorize',
    body,
    contentType: r.chance(0.9) ? 'application/x-www-form-urlencoded' : r.pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x']),
    headers,
  };
}

/** wx.config's check with one part wrong: signature, URL, appId, or a body that is no form. */
function preverifyCase(r: Rng, ticket: string): FuzzCase {
  const fields: Record<string, string> = { appId: OFFICIAL.appid, timestamp: '1700000000', nonceStr: 'abc', url: 'http://127.0.0.1:8080/h5' };
  fields.signature = jsapiSignature(ticket, fields.nonceStr!, fields.timestamp!, fields.url!);
  const broken = r.pick(['appId', 'timestamp', 'nonceStr', 'url', 'signature', 'body']);
  if (broken === 'body')
    return {
      label: 'preverify body',
      method: 'POST',
      path: '/jsapi/preverify',
      body: r.pick([...BROKEN_JSON, INVALID_UTF8, 'x'.repeat(70_000)]),
      contentType: r.pick(['application/x-www-form-urlencoded', 'application/json', 'text/plain']),
    };
  const b =
    broken === 'url'
      ? { text: r.pick(['http://localhost:8080/h5', 'http://127.0.0.1:8080/h5#x', 'javascript:1', '', HUGE, '中文']) }
      : breakValue(r, fields[broken]!);
  const pairs: [string, QueryValue][] = Object.entries(fields)
    .filter(([k]) => k !== broken)
    .map(([k, v]) => [k, { text: v }]);
  if (b) pairs.unshift([broken, b]);
  return {
    label: `preverify broken ${broken}`,
    method: 'POST',
    path: '/jsapi/preverify',
    body: buildQuery(pairs),
    contentType: 'application/x-www-form-urlencoded',
  };
}

describe(`Official Account authorize and wx.config bad input fuzz (seed ${FUZZ_SEED})`, () => {
  let mock: StartedMockWechat;
  let wx: Wx;
  let ticket: string;
  let before: unknown;
  const snapshot = async () => (await wx.control('GET', '/state')).tables;

  beforeAll(async () => {
    ({ mock, wx } = await startTestMock());
    ticket = (await wx.get('/cgi-bin/ticket/getticket', { query: { access_token: await wx.appToken(OFFICIAL), type: 'jsapi' } })).body.ticket;
    before = await snapshot();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it(`${AUTHORIZE_CASES} malformed authorize requests get a page, never a 5xx or a code`, async () => {
    for await (const { a, where } of fuzzCases(wx.url, 'authorize', AUTHORIZE_CASES, 0, (r) => authorizeCase(r))) {
      expect([200, 400], `${where} -> ${a.status} ${a.raw.slice(0, 300)}`).toContain(a.status);
      expect(a.type, where).toMatch(/^text\/html/);
      expect(a.raw, where).not.toMatch(/code=[A-Za-z0-9]{32}/);
    }
  });

  it(`${PREVERIFY_CASES} broken wx.config checks answer an error text, never config:ok or a 5xx`, async () => {
    for await (const { a, where } of fuzzCases(wx.url, 'preverify', PREVERIFY_CASES, 0x5bd1e995, (r) => preverifyCase(r, ticket))) {
      expect(a.status, `${where} -> ${a.raw.slice(0, 300)}`).toBe(200);
      const body = JSON.parse(a.raw) as { errMsg: string };
      expect(body.errMsg, where).toMatch(/^config:invalid (signature|url domain|appid)$/);
    }
  });

  it('leaves the exported state exactly as it was: no code issued, no ticket added', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
