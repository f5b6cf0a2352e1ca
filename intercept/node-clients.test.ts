import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childOutput } from '../core/child-output.ts';
import { HttpClient } from '../core/http-client.ts';
import { startSandbox, type Sandbox } from '../harness/index.ts';
import { ensureTestClients, TEST_CLIENTS } from './test-support.ts';

// Unmodified Node clients whose hosts are module constants, run in a child process started the
// documented way: `node --import wxmock/intercept app.js` with WXMOCK_INTERCEPT and nothing else.
const ROOT = join(__dirname, '..');
const APP = join(TEST_CLIENTS, 'login-system.mjs');

let s: Sandbox;
let app: ChildProcess;
let base = '';

/** Starts a child process and resolves with the first match of `line` in its output. */
async function startChild(args: string[], env: NodeJS.ProcessEnv, line: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env });
  return { child, match: await childOutput(child).until(line) };
}

async function call<T = Record<string, unknown>>(path: string, query: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await new HttpClient(base).get<T>(`${path}?${new URLSearchParams(query)}`);
  return { status: res.status, body: res.body };
}

beforeAll(async () => {
  ensureTestClients();
  s = await startSandbox({ intercept: true, browser: true });
  const [web, mobile, official] = [await s.wechat.app('web'), await s.wechat.app('mobile'), await s.wechat.app('official')];
  const config = {
    web: { appid: web.appid, secret: web.secret },
    official: { appid: official.appid, secret: official.secret },
    mobile: { appid: mobile.appid, secret: mobile.secret },
    aliyun: { accessKeyId: 'LTAI5tWxmockAliyun00001', accessKeySecret: 'wxmockAliyunSecret0000000000001', signName: 'wxmock', templateCode: 'SMS_460000001' },
    tencent: {
      secretId: 'AKIDwxmockTencent0000000000000000001',
      secretKey: 'wxmockTencentSecretKey0000000001',
      sdkAppId: '1400000001',
      signName: 'wxmock',
      templateId: '1000001',
    },
  };
  const env = { ...process.env, WXMOCK_INTERCEPT: s.intercept!.proxyUrl, LOGIN_SYSTEM_CONFIG: JSON.stringify(config) };
  const started = await startChild(['--import', 'wxmock/intercept', APP], env, /login system at (\S+)/);
  app = started.child;
  base = started.match[1]!;
}, 300_000);

afterAll(async () => {
  if (app && app.exitCode === null) app.kill('SIGKILL');
  await s?.close();
});

describe('through the Node preload', () => {
  it('node:https, fetch, undici, got, axios and urllib exchange a code at https://api.weixin.qq.com', async () => {
    const openid = await s.wechat.openid('zhangsan', 'web');
    for (const client of ['node:https', 'fetch', 'undici', 'got', 'axios', 'urllib']) {
      const code = await s.wechat.code('web', 'zhangsan');
      const { status, body } = await call<{ answer: { openid?: string; access_token?: string; errcode?: number } }>('/generic', { client, code });
      expect(status, `${client}: ${JSON.stringify(body)}`).toBe(200);
      // Only the mock knows this code: an answer with a token for the persona's openid came from it.
      expect(body.answer, client).toMatchObject({ openid });
      expect(body.answer.access_token, client).toBeTruthy();
    }
    const exchanges = await s.wechat.journal({ path: '/sns/oauth2/access_token' });
    expect(exchanges.length).toBeGreaterThanOrEqual(6);
  });

  it('@logto/connector-wechat-web: authorization URI → the QR page in Chromium → confirm → getUserInfo gives the unionid', async () => {
    const page = await s.newPage();
    await page.goto(`${base}/logto/wechat-web/start`);
    expect(page.url()).toMatch(/^https:\/\/open\.weixin\.qq\.com\/connect\/qrconnect\?appid=/);
    const back = page.waitForNavigation();
    await s.user('zhangsan').confirmInPage(page);
    await back;
    expect(page.url()).toContain(`${base}/logto/wechat-web/callback?code=`);
    const user = JSON.parse(await page.evaluate(() => document.body.innerText)) as { id: string; name: string };
    expect(user.id).toBe(await s.wechat.unionid('zhangsan'));
    expect(user.name).toBe((await s.wechat.persona('zhangsan')).nickname);
  });

  it('@logto/connector-wechat-native: its wechat:// URI goes to the app SDK; the code gives the same unionid', async () => {
    const { body } = await call<{ uri: string }>('/logto/wechat-native/uri');
    const uri = new URL(body.uri);
    expect(uri.protocol).toBe('wechat:');
    const resp = (await s.wechat.sdkAuth({ appid: uri.searchParams.get('app_id')!, persona: 'lisi', state: uri.searchParams.get('state')! })) as {
      code: string;
      state: string;
    };
    expect(resp.state).toBe('logto-native');
    const user = await call<{ id: string }>('/logto/wechat-native/callback', { code: resp.code });
    expect(user.status).toBe(200);
    expect(user.body.id).toBe(await s.wechat.unionid('lisi'));
  });

  it('wechat-oauth and passport-wechat: code → token → user', async () => {
    const unionid = await s.wechat.unionid('wangwu');
    const viaOauth = await call<{ unionid: string; openid: string }>('/wechat-oauth', { code: await s.wechat.code('web', 'wangwu') });
    expect(viaOauth.status, JSON.stringify(viaOauth.body)).toBe(200);
    expect(viaOauth.body).toMatchObject({ unionid, openid: await s.wechat.openid('wangwu', 'web') });
    const viaPassport = await call<{ unionid: string }>('/passport-wechat', { code: await s.wechat.code('web', 'wangwu') });
    expect(viaPassport.status, JSON.stringify(viaPassport.body)).toBe(200);
    expect(viaPassport.body.unionid).toBe(unionid);
  });

  it("wechat-oauth: getAuthorizeURL → the Official Account's consent page in Chromium (WeChat's browser) → 允许 → getUserByCode gives the persona", async () => {
    const wechat = await s.wechatBrowser('zhaoliu');
    await wechat.page.goto(`${base}/wechat-oauth/mp/start`);
    // The library's URL, hard-coded to open.weixin.qq.com, reached the mock through the proxy.
    expect(wechat.page.url()).toMatch(/^https:\/\/open\.weixin\.qq\.com\/connect\/oauth2\/authorize\?appid=wx3a1c5e7f9b2d4685&redirect_uri=/);
    await wechat.page.waitForSelector('[data-testid=oauth-consent]');
    await Promise.all([wechat.page.waitForNavigation(), wechat.page.click('[data-testid=oauth-allow]')]);
    expect(wechat.page.url()).toContain(`${base}/wechat-oauth/mp/callback?code=`);
    const got = JSON.parse(await wechat.page.evaluate(() => document.body.innerText)) as {
      state: string;
      user: { openid: string; nickname: string; unionid: string };
    };
    expect(got).toEqual({
      state: 'wo-state',
      user: expect.objectContaining({ openid: await s.wechat.openid('zhaoliu', 'official'), nickname: '赵六🌸', unionid: await s.wechat.unionid('zhaoliu') }),
    });
  });

  it("passport-wechat with client 'wechat': its redirect → the consent page → 允许 → its callback authenticates the persona", async () => {
    const wechat = await s.wechatBrowser('lisi');
    await wechat.page.goto(`${base}/passport-wechat/mp`);
    expect(wechat.page.url()).toMatch(
      /^https:\/\/open\.weixin\.qq\.com\/connect\/oauth2\/authorize\?appid=wx3a1c5e7f9b2d4685&redirect_uri=[^&]*&response_type=code&scope=snsapi_userinfo&state=passport-mp/,
    );
    await wechat.page.waitForSelector('[data-testid=oauth-consent]');
    await Promise.all([wechat.page.waitForNavigation(), s.user('lisi').confirmInPage(wechat.page)]);
    expect(wechat.page.url()).toContain(`${base}/passport-wechat/mp?code=`);
    const got = JSON.parse(await wechat.page.evaluate(() => document.body.innerText)) as {
      state: string;
      user: { openid: string; unionid: string; nickname: string };
    };
    expect(got.state).toBe('passport-mp');
    expect(got.user).toMatchObject({ openid: await s.wechat.openid('lisi', 'official'), unionid: await s.wechat.unionid('lisi'), nickname: '李四' });
    const exchanges = await s.wechat.journal({ path: '/sns/oauth2/access_token', appid: (await s.wechat.app('official')).appid });
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
  });

  it('@logto/connector-aliyun-sms and -tencent-sms: sendMessage puts the code in the inbox; a wrong secret fails the signature', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    expect((await call('/logto/aliyun-sms', { to: '13800130001', code: '482913' })).body).toEqual({ sent: true });
    expect(await s.sms.waitForCode('13800130001', { since })).toBe('482913');
    expect((await call('/logto/tencent-sms', { to: '13800130002', code: '730164' })).body).toEqual({ sent: true });
    expect(await s.sms.waitForCode('13800130002', { since })).toBe('730164');

    const badAliyun = await call<{ error: string; data: { Code?: string } }>('/logto/aliyun-sms', {
      to: '13800130003',
      code: '111111',
      secret: 'not-the-secret',
    });
    expect(JSON.stringify(badAliyun.body)).toContain('SignatureDoesNotMatch');
    const badTencent = await call<{ error: string }>('/logto/tencent-sms', { to: '13800130004', code: '222222', secret: 'not-the-secret' });
    expect(badTencent.body.error).toContain('AuthFailure.SignatureFailure');
    expect(await s.sms.messages('13800130003')).toEqual([]);
    expect(await s.sms.messages('13800130004')).toEqual([]);
  });

  it('the official Aliyun and Tencent SDKs on their default endpoints', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const aliyun = await call<{ endpoint: string; code: string }>('/sdk/aliyun', { to: '13800130005', code: '905731' });
    expect(aliyun.body).toMatchObject({ endpoint: 'dysmsapi.aliyuncs.com', code: 'OK' });
    expect(await s.sms.waitForCode('13800130005', { since })).toBe('905731');
    const regional = await call<{ endpoint: string; code: string }>('/sdk/aliyun', { to: '13800130006', code: '905732', region: 'ap-southeast-1' });
    expect(regional.body).toMatchObject({ endpoint: 'dysmsapi.ap-southeast-1.aliyuncs.com', code: 'OK' });
    expect(await s.sms.waitForCode('13800130006', { since })).toBe('905732');
    const tencent = await call<{ endpoint: string; code: string }>('/sdk/tencent', { to: '13800130007', code: '640218' });
    expect(tencent.body).toMatchObject({ endpoint: 'sms.tencentcloudapi.com', code: 'Ok' });
    expect(await s.sms.waitForCode('13800130007', { since })).toBe('640218');
  });

  it("startSandbox's intercept.env alone sends a child's fetch to the mock; without a sandbox the preload stops the app", async () => {
    const code = await s.wechat.code('web', 'zhangsan');
    const script = `const r = await fetch('https://api.weixin.qq.com/sns/oauth2/access_token?appid=${(await s.wechat.app('web')).appid}&secret=${(await s.wechat.app('web')).secret}&code=${code}&grant_type=authorization_code'); console.log('answer ' + JSON.stringify(await r.json()));`;
    const viaEnv = await startChild(['--input-type=module', '-e', script], { ...process.env, ...s.intercept!.env }, /answer (\{.*\})/);
    expect(JSON.parse(viaEnv.match[1]!)).toMatchObject({ openid: await s.wechat.openid('zhangsan', 'web') });

    const closed = spawn(process.execPath, ['--import', 'wxmock/intercept', '-e', 'console.log("ran")'], {
      cwd: ROOT,
      env: { ...process.env, WXMOCK_INTERCEPT: 'http://127.0.0.1:1' },
    });
    let err = '';
    closed.stderr!.on('data', (d) => (err += d));
    closed.stdout!.on('data', (d) => (err += d));
    const exitCode = await new Promise((resolve) => closed.on('exit', resolve));
    expect(exitCode).not.toBe(0);
    expect(err).toContain('no wxmock sandbox answers at http://127.0.0.1:1');
    expect(err).not.toContain('ran');
  });
});
