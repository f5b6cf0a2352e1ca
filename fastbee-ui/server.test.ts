import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startLoginWorld, type LoginWorld } from '../reference-login/test-support.ts';
import { startFastbeeUi, type RunningFastbeeUi } from './server.ts';

// A stand-in build folder (index.html, a hashed asset with its .gz twin) in front of a real reference-login.
let dist: string;
let w: LoginWorld;
let ui: RunningFastbeeUi;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'wxmock-fbui-'));
  mkdirSync(join(dist, 'static', 'js'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>spa</title>');
  writeFileSync(join(dist, 'static', 'js', 'app.1234.js'), 'console.log("app")');
  writeFileSync(join(dist, 'static', 'js', 'app.1234.js.gz'), gzipSync('console.log("app")'));
  let backend = '';
  ui = await startFastbeeUi({ distDir: dist, backendUrl: () => backend });
  w = await startLoginWorld({ fastbeeUiUrl: ui.url });
  backend = w.url;
});
afterAll(async () => {
  await ui.close();
  await w.stop();
  rmSync(dist, { recursive: true, force: true });
});

/** A raw request: no redirect following, no decompression, the path sent as written. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new HttpClient(ui.url).request(opts.method ?? 'GET', path, { headers: opts.headers, body: opts.body, exact: true });
}

describe("static files, as FastBee's nginx serves dist/", () => {
  it('history-mode routes get index.html; files are served as they are', async () => {
    for (const path of ['/', '/login?bindId=abc', '/user/profile', '/index']) {
      const r = await raw(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.raw).toContain('<title>spa</title>');
    }
    const js = await raw('/static/js/app.1234.js');
    expect(js.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.raw).toBe('console.log("app")');
    expect((await raw('/static/js/gone.js')).headers.get('cache-control')).toBe('no-cache');
  });

  it("the build's .gz twin for a browser that takes gzip; 304 on a matching ETag", async () => {
    const gz = await raw('/static/js/app.1234.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.bytes.subarray(0, 2).toString('hex')).toBe('1f8b');
    const again = await raw('/static/js/app.1234.js', { headers: { 'if-none-match': String(gz.headers.get('etag')) } });
    expect(again.status).toBe(304);
  });

  it('no way out of the folder; only GET and HEAD', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/static/%00.js']) {
      const r = await raw(path);
      expect(r.raw, path).toContain('<title>spa</title>');
    }
    expect((await raw('/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('/prod-api/*, forwarded to the login system with the prefix stripped', () => {
  it('a JSON call and a POST body go through', async () => {
    const info = await raw('/prod-api/captchaImage');
    expect(info.body).toEqual({ code: 200, msg: '操作成功', captchaEnabled: false });
    const login = await raw('/prod-api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin123' }),
    });
    expect(login.body).toMatchObject({ code: 200, token: expect.any(String) });
  });

  it('redirects and cookies pass untouched: WeChat is asked to come back through the UI', async () => {
    const r = await raw('/prod-api/auth/render/wechat_open_web');
    expect(r.status).toBe(302);
    const location = new URL(r.location!);
    expect(location.searchParams.get('redirect_uri')).toBe(`${ui.url}/prod-api/auth/callback/wechat_open_web`);
    expect(r.headers.get('set-cookie')).toMatch(/^wxmock_browser=/);
  });

  it('a login system that does not answer: 502', async () => {
    const lone = await startFastbeeUi({ distDir: dist, backendUrl: 'http://127.0.0.1:9' });
    try {
      expect((await new HttpClient(lone.url).get('/prod-api/getInfo', { exact: true })).status).toBe(502);
    } finally {
      await lone.close();
    }
  });
});
