import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../core/http-client.ts';
import { hostileRedirects, SAFE_REDIRECTS } from '../../core/local-path-cases.ts';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';
import { PHONE_PASSWORD_NOTICE } from './profile.tsx';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

const html = { headers: { accept: 'text/html' } };

describe('pages over HTTP', () => {
  it('/login has the password, SMS and WeChat controls and the bind panel, with stable data-testids', async () => {
    const r = await w.browser().request('GET', '/login', html);
    expect(r.status).toBe(200);
    for (const id of [
      'login-username',
      'login-password',
      'login-submit',
      'wechat-login',
      'tab-password',
      'tab-sms',
      'sms-phone',
      'sms-send',
      'sms-code',
      'sms-submit',
      'error-message',
      'bind-panel',
      'bind-existing-username',
      'bind-existing-password',
      'bind-existing-submit',
      'bind-register-username',
      'bind-register-password',
      'bind-register-phone',
      'bind-register-submit',
    ]) {
      expect(r.body, id).toContain(`data-testid="${id}"`);
    }
    expect(r.body).toContain('href="/auth/render/wechat_open_web"');
    // captcha off: no captcha field
    expect(r.body).not.toContain('data-testid="login-captcha"');
  });

  it('/login shows the captcha field and image when the captcha is on', async () => {
    await w.browser().request('PATCH', '/__mock/config', { body: { captchaEnabled: true } });
    const r = await w.browser().request('GET', '/login', html);
    expect(r.body).toContain('data-testid="login-captcha"');
    expect(r.body).toContain('data-testid="captcha-image"');
  });

  it('/ and /user/profile send visitors without a session to /login (profile keeps where to come back to)', async () => {
    expect((await w.browser().get('/')).location).toBe('/login');
    expect((await w.browser().get('/user/profile?wxBindMsgId=abc')).location).toBe(`/login?redirect=${encodeURIComponent('/user/profile?wxBindMsgId=abc')}`);
  });

  it('with the Admin-Token cookie, / shows the user and /user/profile the WeChat row', async () => {
    const b = w.browser();
    b.jar.set('Admin-Token', await w.adminToken());
    const home = await b.get('/');
    expect(home.body).toContain('data-testid="current-user">admin<');
    expect(home.body).toContain('data-testid="current-nick">管理员<');
    expect(home.body).toContain('data-testid="logout"');
    expect(home.body).toContain('data-testid="profile-link"');
    const profile = await b.get('/user/profile');
    expect(profile.body).toContain('data-testid="wx-bind-status">未绑定<');
    for (const id of ['wx-bind-button', 'wx-unbind-button', 'unbind-password', 'unbind-submit', 'profile-message'])
      expect(profile.body).toContain(`data-testid="${id}"`);
    // the WxLogin script comes from the configured WeChat base (the mock), which the page's script tag names
    expect(profile.body).toContain(`<script src="/assets/profile.js" data-open-base="${w.wechat.url}"></script>`);
    // a logged-in visitor of the bare login page goes home
    expect((await b.get('/login')).location).toBe('/');
    expect((await b.get('/login?redirect=//evil.example')).location).toBe('/');
  });

  it('a signed-in /login?redirect= with control characters, backslashes or "//" in any position and spelling goes to "/", never a 5xx', async () => {
    const signedIn = new HttpClient(w.url, { headers: { cookie: `Admin-Token=${await w.adminToken()}` } });
    /** Where the signed-in login page sends the browser, as status and Location (a hang counts as wrong). */
    const go = async (query: string) => {
      try {
        const res = await signedIn.get(`/login?redirect=${query}`, { signal: AbortSignal.timeout(3000) });
        return `${res.status} ${res.headers.get('location')}`;
      } catch (e) {
        return (e as Error).name;
      }
    };
    const cases = hostileRedirects();
    const got: string[] = [];
    // In batches: a request the server never answers costs its timeout once per batch, not once per case.
    for (let i = 0; i < cases.length; i += 50) got.push(...(await Promise.all(cases.slice(i, i + 50).map((c) => go(encodeURIComponent(c.value))))));
    expect(cases.map((c, i) => (got[i] === '302 /' ? '' : `${c.label} ${JSON.stringify(c.value)} -> ${got[i]}`)).filter(Boolean)).toEqual([]);
    // The requests of the report, as a browser sends them.
    for (const q of ['/%09/evil.example/', '/%0a/evil.example/', '/%0d%0aSet-Cookie:%20x=1', '/%00']) expect(await go(q), q).toBe('302 /');
    for (const c of SAFE_REDIRECTS) expect(await go(encodeURIComponent(c.value)), c.value).toBe(`302 ${c.becomes}`);
  });

  it('the user centre warns an account a phone login created that its password is its phone number (which still works, as in FastBee)', async () => {
    const phone = '13700137099';
    expect((await w.browser().get(`/notify/smsLoginCaptcha?phoneNumber=${phone}`)).body.code).toBe(200);
    const token = (await w.browser().post('/auth/sms/login', { phonenumber: phone, smsCode: await w.smsCode(phone) })).body.data as string;
    const b = w.browser();
    b.jar.set('Admin-Token', token);
    const profile = await b.get('/user/profile');
    expect(profile.body).toContain('data-testid="password-notice"');
    expect(profile.body).toContain(PHONE_PASSWORD_NOTICE);
    expect((await w.browser().post('/login', { username: phone, password: phone })).body.code).toBe(200);
    const admin = w.browser();
    admin.jar.set('Admin-Token', await w.adminToken());
    expect((await admin.get('/user/profile')).body).not.toContain('data-testid="password-notice"');
  });

  it('an unknown page is the error page; the error page escapes what it is given', async () => {
    const r = await w.browser().request('GET', '/nowhere', html);
    expect(r.status).toBe(404);
    expect(r.body).toContain('data-testid="error-page"');
    const e = await w.browser().request('GET', '/error?msg=<script>alert(1)</script>', html);
    expect(e.body).toContain('data-testid="error-page"');
    expect(e.body).not.toContain('<script>alert(1)</script>');
  });
});
