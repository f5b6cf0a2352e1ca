import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../harness/index.ts';
import { INTERCEPTED_HOSTS } from './hosts.ts';
import { startIntercept, type Intercept } from './index.ts';

// curl, unmodified, through the proxy and against the hostname-mode listener.
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function curl(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A raw CONNECT to the proxy: the status line and the body of its answer. */
function rawConnect(proxyUrl: string, target: string): Promise<string> {
  const { hostname, port } = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

let s: Sandbox;
beforeAll(async () => {
  s = await startSandbox({ intercept: true });
});
afterAll(() => s?.close());

describe('the HTTPS proxy, with curl', () => {
  it('reaches each hostname with --cacert, and each is answered by its mock', async () => {
    const { proxyUrl, caPath } = s.intercept!;
    const urls = INTERCEPTED_HOSTS.map((h) => `https://${h.host}/`);
    const run = await curl(['--proxy', proxyUrl, '--cacert', caPath, '-w', '\\n', ...urls]);
    expect(run.stderr).toBe('');
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { service: string });
    expect(answers).toHaveLength(INTERCEPTED_HOSTS.length);
    INTERCEPTED_HOSTS.forEach((h, i) => {
      expect(answers[i]!.service, h.host).toBe(h.service === 'wechat' ? 'wxmock mock-wechat' : 'wxmock mock-sms');
    });
  });

  it('exchanges a code at https://api.weixin.qq.com, in the same state and journal as the plain port', async () => {
    const web = await s.wechat.app('web');
    const code = await s.wechat.code('web', 'zhangsan');
    const url = `https://api.weixin.qq.com/sns/oauth2/access_token?appid=${web.appid}&secret=${web.secret}&code=${code}&grant_type=authorization_code`;
    const run = await curl(['--proxy', s.intercept!.proxyUrl, '--cacert', s.intercept!.caPath, url]);
    expect(JSON.parse(run.stdout)).toMatchObject({ openid: await s.wechat.openid('zhangsan', 'web') });
    // The code is now used up on the plain port too.
    const again = await s.wechat.http.get<{ errcode: number }>(
      `/sns/oauth2/access_token?appid=${web.appid}&secret=${web.secret}&code=${code}&grant_type=authorization_code`,
    );
    expect(again.body.errcode).toBe(40163);
    const entry = (await s.wechat.journal({ path: '/sns/oauth2/access_token' })).find((e) => JSON.stringify(e).includes(code));
    expect(entry).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain(web.secret);
    // wxLogin.js and the QR page come from the real names too.
    const js = await curl(['--proxy', s.intercept!.proxyUrl, '--cacert', s.intercept!.caPath, 'https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js']);
    expect(js.stdout).toContain('function WxLogin');
    // And the JS-SDK at WeChat's path: its wx.config check goes to the same host it came from.
    const jweixin = await curl(['--proxy', s.intercept!.proxyUrl, '--cacert', s.intercept!.caPath, 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js']);
    expect(jweixin.stdout).toContain('/jsapi/preverify');
  });

  it('fails on the certificate without --cacert', async () => {
    const run = await curl(['--proxy', s.intercept!.proxyUrl, 'https://api.weixin.qq.com/']);
    expect(run.code).toBe(60);
    expect(run.stderr).toMatch(/SSL certificate problem/);
  });

  it('refuses a host outside the list with a clear message, and sends nothing on', async () => {
    const run = await curl(['-v', '--proxy', s.intercept!.proxyUrl, 'https://example.com/']);
    expect(run.code).toBe(56);
    expect(run.stderr).toContain('403 Forbidden by wxmock');
    const answer = await rawConnect(s.intercept!.proxyUrl, 'example.com:443');
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toContain('wxmock proxy: example.com is not one of the hosts wxmock answers as');
    expect(answer).toContain('--proxy-pass-through');
    const plain = await curl(['--proxy', s.intercept!.proxyUrl, 'http://example.com/']);
    expect(plain.stdout).toContain('wxmock proxy: example.com is not one of the hosts');
  });

  it('answers as the hosts in hostname mode (curl --resolve stands in for /etc/hosts)', async () => {
    const port = new URL(s.intercept!.httpsUrl).port;
    const at = (host: string) => ['--resolve', `${host}:${port}:127.0.0.1`, '--cacert', s.intercept!.caPath, `https://${host}:${port}/`];
    expect(JSON.parse((await curl(at('open.weixin.qq.com'))).stdout).service).toBe('wxmock mock-wechat');
    expect(JSON.parse((await curl(at('sms.tencentcloudapi.com'))).stdout).service).toBe('wxmock mock-sms');
    // Another name mapped to the listener gets no certificate.
    const other = await curl(at('example.com'));
    expect(other.code).not.toBe(0);
  });
});

describe('--proxy-pass-through', () => {
  let other: Server;
  let open: Intercept;
  beforeAll(async () => {
    other = createServer((_req, res) => res.end('the other host'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const fail = () => new Response('unused', { status: 500 });
    open = await startIntercept({ apps: { wechat: fail, sms: fail }, passThrough: true });
  });
  afterAll(async () => {
    await open?.close();
    other?.close();
  });

  it('lets other hosts through only when asked', async () => {
    const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    expect((await curl(['--proxy', open.proxyUrl, target])).stdout).toBe('the other host');
    expect((await curl(['--proxy', open.proxyUrl, '--proxytunnel', target])).stdout).toBe('the other host');
    expect((await curl(['--proxy', s.intercept!.proxyUrl, '--proxytunnel', target])).code).toBe(56);
  });
});
