import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyJwt } from '../jwt.ts';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

describe('POST /login (account + password)', () => {
  it('the seeded admin logs in: {code:200, msg, token}, an HS512 JWT with login_user_key and sub, no exp', async () => {
    const r = await w.browser().post('/login', { username: 'admin', password: 'admin123', code: '', uuid: '' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['code', 'msg', 'token']);
    expect(r.body).toMatchObject({ code: 200, msg: '操作成功' });
    const [head, body] = r.body.token.split('.');
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'HS512' });
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['login_user_key', 'sub']);
    expect(claims.sub).toBe('admin');
    expect(claims.login_user_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyJwt(r.body.token, 'wrong secret')).toBeUndefined();
    const info = await w.browser().get('/getInfo', { token: r.body.token });
    expect(info.body.user).toMatchObject({ userName: 'admin', nickName: '管理员', phonenumber: '15888888888' });
    expect(info.body.user.password).toBeUndefined();
  });

  it('a wrong password or unknown user is 用户不存在/密码错误; five misses lock for 10 minutes', async () => {
    const b = w.browser();
    expect((await b.post('/login', { username: 'ghost', password: 'whatever' })).body).toEqual({ code: 500, msg: '用户不存在/密码错误' });
    for (let i = 0; i < 5; i++)
      expect((await b.post('/login', { username: 'admin', password: 'bad-pass' })).body).toEqual({ code: 500, msg: '用户不存在/密码错误' });
    expect((await b.post('/login', { username: 'admin', password: 'admin123' })).body).toEqual({ code: 500, msg: '密码输入错误5次，帐户锁定10分钟' });
    await b.post('/__mock/clock', { advanceSeconds: 601 });
    expect((await b.post('/login', { username: 'admin', password: 'admin123' })).body.code).toBe(200);
  });

  it('a disabled account is refused', async () => {
    w.login.ctx.users.setStatus(1, '1');
    expect((await w.browser().post('/login', { username: 'admin', password: 'admin123' })).body).toEqual({ code: 500, msg: '对不起，您的账号：admin 已停用' });
  });

  it('with the captcha on: /captchaImage gives uuid + img, and login needs the answer (once)', async () => {
    await w.stop();
    w = await startLoginWorld({ captchaEnabled: true });
    const b = w.browser();
    expect((await b.post('/login', { username: 'admin', password: 'admin123' })).body).toEqual({ code: 500, msg: '验证码已失效' });
    const cap = (await b.get('/captchaImage')).body;
    const answer = (await b.get(`/__mock/captcha/${cap.uuid}`)).body.answer;
    expect((await b.post('/login', { username: 'admin', password: 'admin123', code: answer, uuid: cap.uuid })).body.code).toBe(200);
    expect((await b.post('/login', { username: 'admin', password: 'admin123', code: answer, uuid: cap.uuid })).body).toEqual({
      code: 500,
      msg: '验证码已失效',
    });
  });

  it('with the captcha off, /captchaImage says only captchaEnabled:false', async () => {
    expect((await w.browser().get('/captchaImage')).body).toEqual({ code: 200, msg: '操作成功', captchaEnabled: false });
  });
});

describe('sessions', () => {
  it('no token, a forged token, a logged-out token: 401 in the envelope (HTTP 200)', async () => {
    const b = w.browser();
    const none = await b.get('/getInfo');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ code: 401, msg: '请求访问：/getInfo，认证失败，无法访问系统资源' });
    const token = await w.adminToken();
    const [h, p] = token.split('.');
    expect((await b.get('/getInfo', { token: `${h}.${p}.AAAA` })).body.code).toBe(401);
    expect((await b.post('/logout', {}, { token })).body).toEqual({ code: 200, msg: '退出成功' });
    expect((await b.get('/getInfo', { token })).body.code).toBe(401);
  });

  it('a session lives 1440 minutes and slides when used in its last 20 minutes', async () => {
    const b = w.browser();
    const token = await w.adminToken();
    await b.post('/__mock/clock', { advanceSeconds: 1430 * 60 });
    expect((await b.get('/getInfo', { token })).body.code).toBe(200); // renewed here
    await b.post('/__mock/clock', { advanceSeconds: 30 * 60 });
    expect((await b.get('/getInfo', { token })).body.code).toBe(200);
    const idle = await w.adminToken();
    await b.post('/__mock/clock', { advanceSeconds: 1441 * 60 });
    expect((await b.get('/getInfo', { token: idle })).body.code).toBe(401);
  });

  it('the API does not take the Admin-Token cookie as a credential (only pages read it)', async () => {
    const b = w.browser();
    b.jar.set('Admin-Token', await w.adminToken());
    expect((await b.get('/getInfo')).body.code).toBe(401);
  });
});

describe('GET /system/user/profile', () => {
  it('has data, roleGroup, postGroup, socialGroup and wxBind', async () => {
    const r = await w.browser().get('/system/user/profile', { token: await w.adminToken() });
    expect(r.body).toMatchObject({ code: 200, msg: '操作成功', roleGroup: '超级管理员', postGroup: '', socialGroup: [], wxBind: false });
    expect(r.body.data.userName).toBe('admin');
  });
});

describe('unknown paths and bad input', () => {
  it('an unknown API path is a JSON 404, not HTML', async () => {
    const r = await w.browser().get('/no/such/api');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 404, msg: "请求地址'/no/such/api'不存在" });
  });

  it("a non-object JSON body is the envelope's error, and stored data is untouched", async () => {
    const b = w.browser();
    for (const body of ['[]', '"x"', 'null', '']) {
      const r = await b.request('POST', '/login', { body, headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ code: 500, msg: '请求参数格式错误' });
    }
    expect((await b.post('/login', { username: 'admin', password: 'admin123' })).body.code).toBe(200);
  });
});
