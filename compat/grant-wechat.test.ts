import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startSandbox, type Sandbox } from '../harness/index.ts';
import { APPS } from '../mock-wechat/test-support.ts';

/**
 * grant's wechat provider with its node handler in a plain HTTP server, pointed at the sandbox
 * through its documented per-provider overrides (authorize_url, access_url, profile_url). grant
 * ships the Official Account page as authorize_url; website login uses the QR page, scope
 * snsapi_login. grant exchanges the code with a GET that also carries redirect_uri, and asks
 * /sns/userinfo with the token in the query and in a Bearer header; it reads JSON under any
 * Content-Type.
 */
// grant is CommonJS; its typings describe the export as `default`, which require() gives directly.
const grant = createRequire(import.meta.url)('grant') as typeof import('grant').default;

let s: Sandbox;
let server: Server;
let site: string;

beforeAll(async () => {
  s = await startSandbox();
  server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handler = grant.node({
    config: {
      defaults: { origin: site, transport: 'state', state: true },
      wechat: {
        key: APPS.web.appid,
        secret: APPS.web.secret,
        scope: ['snsapi_login'],
        authorize_url: `${s.wechatUrl}/connect/qrconnect`,
        access_url: `${s.wechatUrl}/sns/oauth2/access_token`,
        profile_url: `${s.wechatUrl}/sns/userinfo`,
        response: ['tokens', 'raw', 'profile'],
      },
    },
    session: { secret: 'compat-suite-grant-secret' },
  });
  // As grant's README serves it: the handler redirects, or hands back the response at the end.
  server.on('request', async (req, res) => {
    const { redirect, response } = await handler(req, res);
    if (redirect) return;
    res.statusCode = response ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(response ?? {}));
  });
});

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  await s?.close();
});

test('a persona logs in: tokens, the raw token answer and the profile carry its openid, unionid and nickname', async () => {
  const browser = new HttpClient(site, { cookies: true });
  const start = await browser.get('/connect/wechat');
  expect(start.status).toBe(302);
  const authorize = new URL(start.location!);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.wechatUrl}/connect/qrconnect`);
  expect(authorize.searchParams.get('appid')).toBe(APPS.web.appid);

  // The QR page opens (it starts the QR session); the persona scans and confirms on the phone.
  const page = await browser.get(authorize.href);
  expect(page.status).toBe(200);
  const { redirectUrl } = await s.user('lisi').confirm(APPS.web.appid);
  expect(redirectUrl!.startsWith(`${site}/connect/wechat/callback?code=`)).toBe(true);

  const done = await browser.get(redirectUrl!);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const openid = await s.wechat.openid('lisi', 'web');
  const unionid = await s.wechat.unionid('lisi');
  expect(done.body).toMatchObject({
    access_token: expect.any(String),
    refresh_token: expect.any(String),
    raw: { openid, unionid, scope: 'snsapi_login', expires_in: 7200 },
    profile: { openid, unionid, nickname: '李四', headimgurl: expect.stringMatching(/^https:\/\/thirdwx\.qlogo\.cn\//) },
  });
  expect(done.body.raw.errcode).toBeUndefined();

  // What grant sent: a GET exchange with its redirect_uri extra, a userinfo call with a Bearer header.
  const [exchange] = await s.wechat.journal({ path: '/sns/oauth2/access_token' });
  expect(exchange).toMatchObject({ method: 'GET', status: 200 });
  expect(exchange!.query).toMatch(/(^|&)redirect_uri=/);
  const [userinfo] = await s.wechat.journal({ path: '/sns/userinfo' });
  expect(userinfo!.request.headers.authorization).toMatch(/^Bearer /);
});
