import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectControlError } from '../core/control-test-support.ts';
import { loginBannerLines, startReferenceLogin } from './app.ts';
import { HttpClient } from '../core/http-client.ts';
import { startLoginWorld, type LoginWorld } from './test-support.ts';

let w: LoginWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

describe('reference-login app', () => {
  it('keeps accounts, bindings and sessions in a database file across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmock-login-'));
    try {
      const dbFile = join(dir, 'login.db');
      const first = await startReferenceLogin({
        dbFile,
        wechatApiBase: 'http://127.0.0.1:9',
        wechatOpenBase: 'http://127.0.0.1:9',
        smsEndpoint: '127.0.0.1:9',
      });
      const token = (await new HttpClient(first.url, { cookies: true }).post('/login', { username: 'admin', password: 'admin123' })).body.token;
      const reg = first.ctx.users.insert({ userName: 'keeper', nickName: 'keeper', passwordHash: 'x' }, Date.now());
      await first.stop();
      const second = await startReferenceLogin({
        dbFile,
        wechatApiBase: 'http://127.0.0.1:9',
        wechatOpenBase: 'http://127.0.0.1:9',
        smsEndpoint: '127.0.0.1:9',
      });
      try {
        expect(second.ctx.users.byName('keeper')?.userId).toBe(reg.userId);
        expect((await new HttpClient(second.url, { cookies: true }).get('/getInfo', { token })).body.user.userName).toBe('admin');
        expect(second.ctx.db.prepare('SELECT COUNT(*) FROM iot_social_platform').pluck().get()).toBe(4);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/__mock/reset restores the seed; /__mock/config flips sys_config switches and validates them', async () => {
    w = await startLoginWorld();
    const b = w.browser();
    w.login.ctx.users.insert({ userName: 'temp', nickName: 'temp', passwordHash: 'x' }, Date.now());
    expectControlError(await b.request('PATCH', '/__mock/config', { body: { captchaEnabled: 'yes' } }), 'invalid_field');
    expectControlError(await b.request('PATCH', '/__mock/config', { body: { smsProvider: 'huawei' } }), 'invalid_field');
    expectControlError(await b.request('PATCH', '/__mock/config', { body: { smsResendSeconds: -1 } }), 'invalid_field');
    expectControlError(await b.request('PATCH', '/__mock/config', { body: '{"captchaEnabled":' }), 'bad_json');
    expectControlError(await b.get('/__mock/captcha/no-such-uuid'), 'not_found');
    const patched = await b.request('PATCH', '/__mock/config', { body: { captchaEnabled: true, smsProvider: 'tencent', smsResendSeconds: 0 } });
    expect(patched.body).toEqual({ captchaEnabled: true, registerUser: true, smsResendSeconds: 0, smsProvider: 'tencent' });
    expect((await b.post('/__mock/reset')).body).toEqual({ reset: true });
    expect(w.login.ctx.users.byName('temp')).toBeUndefined();
    expect(w.login.ctx.users.byName('admin')?.userId).toBe(1);
    expect((await b.get('/__mock/config')).body).toEqual({ captchaEnabled: false, registerUser: true, smsResendSeconds: 60, smsProvider: 'aliyun' });
  });

  it('the control API can require a token', async () => {
    w = await startLoginWorld({ controlToken: 'sesame' });
    const b = w.browser();
    expectControlError(await b.get('/__mock/config'), 'unauthorized');
    expect((await b.request('GET', '/__mock/config', { headers: { 'x-wxmock-token': 'sesame' } })).status).toBe(200);
  });

  it('banner lines name the login page and the admin credentials', async () => {
    w = await startLoginWorld();
    const lines = loginBannerLines(w.login).join('\n');
    expect(lines).toContain(`${w.url}/login`);
    expect(lines).toContain('admin / admin123');
  });

  it('a publicUrl given in the options is where platform URIs resolve', async () => {
    w = await startLoginWorld({ publicUrl: 'http://127.0.0.1:1/' });
    const r = await new HttpClient(w.url, { cookies: true }).get('/auth/render/wechat_open_web?at_public_origin=1');
    expect(new URL(r.location!).searchParams.get('redirect_uri')).toBe('http://127.0.0.1:1/auth/callback/wechat_open_web');
  });
});
