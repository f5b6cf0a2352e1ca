import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';
import { write } from '../../core/db.ts';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

const phoneCode = async (persona: string) => (await w.wechatControl('/miniprogram/phone', { appid: 'mini', persona })).code as string;
const loginCode = async (persona: string) => (await w.wechatControl('/miniprogram/login', { appid: 'mini', persona })).code as string;

describe('POST /wechat/miniLogin', () => {
  it("the first login of a new phone registers (user name = password = phone) and succeeds (FastBee's open edition fails here)", async () => {
    const b = w.browser();
    const r = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('zhangsan') });
    expect(r.body.code).toBe(200);
    expect(r.body.msg).toBe('操作成功');
    expect(r.body.data.bindId).toBeNull();
    expect(Object.keys(r.body.data)).toEqual(['token', 'bindId']);
    const info = await b.get('/getInfo', { token: r.body.data.token });
    expect(info.body.user).toMatchObject({ userName: '13800138000', nickName: '13800138000', phonenumber: '13800138000' });
    expect((await b.post('/login', { username: '13800138000', password: '13800138000' })).body.code).toBe(200);
    // Without the wx.login code there is nothing to bind.
    expect(w.login.ctx.db.prepare('SELECT COUNT(*) FROM iot_social_user').pluck().get()).toBe(0);
  });

  it('a second login of the same phone logs into the same account', async () => {
    const b = w.browser();
    const first = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi') });
    const second = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi') });
    const id1 = (await b.get('/getInfo', { token: first.body.data.token })).body.user.userId;
    const id2 = (await b.get('/getInfo', { token: second.body.data.token })).body.user.userId;
    expect(id2).toBe(id1);
    expect(w.login.ctx.db.prepare("SELECT COUNT(*) FROM sys_user WHERE phonenumber = '13900139000'").pluck().get()).toBe(1);
  });

  it("an existing account with that phone is logged in (admin's phone)", async () => {
    await w.wechatControl('/personas', { id: 'boss', nickname: '老板', phone: '15888888888' });
    const b = w.browser();
    const r = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('boss') });
    expect((await b.get('/getInfo', { token: r.body.data.token })).body.user.userName).toBe('admin');
  });

  it('with the wx.login code, jscode2session runs and the mini-program openid is bound to the account', async () => {
    const b = w.browser();
    const r = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('zhaoliu'), code: await loginCode('zhaoliu') });
    expect(r.body.code).toBe(200);
    const profile = await b.get('/system/user/profile', { token: r.body.data.token });
    expect(profile.body.wxBind).toBe(true);
    expect(profile.body.socialGroup[0]).toMatchObject({ source: 'WECHAT_OPEN_MINI_PROGRAM', sourceClient: 'wechat_open_mini_program', status: '1' });
    // The same unionid now logs in on the website directly.
    expect((await w.webLogin(w.browser(), 'zhaoliu')).kind).toBe('loginId');
  });

  it('does not bind the mini program when its unionid already belongs to another account', async () => {
    const web = w.browser();
    const o = await w.webLogin(web, 'zhangsan');
    expect((await web.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: o.id })).body.code).toBe(200);
    const b = w.browser();
    const r = await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('zhangsan'), code: await loginCode('zhangsan') });
    expect(r.body.code).toBe(200);
    const profile = await b.get('/system/user/profile', { token: r.body.data.token });
    expect(profile.body.data.userName).toBe('13800138000');
    expect(profile.body.socialGroup).toEqual([]);
  });

  it('errors: no phoneCode, a bad phoneCode, a bad login code, no platform row', async () => {
    const b = w.browser();
    expect((await b.post('/wechat/miniLogin', {})).body).toEqual({ code: 500, msg: '用户手机号凭证获取失败，请重新登录！' });
    expect((await b.post('/wechat/miniLogin', { phoneCode: 'garbage' })).body).toEqual({ code: 500, msg: '用户手机号凭证获取失败，请重新登录！' });
    expect((await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi'), code: 'garbage' })).body).toEqual({
      code: 500,
      msg: '用户凭证获取失败，请重新登录！',
    });
    const used = await phoneCode('lisi');
    expect((await b.post('/wechat/miniLogin', { phoneCode: used })).body.code).toBe(200);
    expect((await b.post('/wechat/miniLogin', { phoneCode: used })).body).toEqual({ code: 500, msg: '用户手机号凭证获取失败，请重新登录！' });
    write(w.login.ctx.db, ['iot_social_platform'], "DELETE FROM iot_social_platform WHERE platform = 'wechat_open_mini_program'");
    expect((await b.post('/wechat/miniLogin', { phoneCode: 'x' })).body).toEqual({ code: 500, msg: '请先配置微信公众平台小程序信息！' });
  });

  it('a failing cgi-bin/token is 用户凭证获取失败; the app token is cached between logins', async () => {
    const b = w.browser();
    await w.wechatControl('/faults', { endpoint: '/cgi-bin/token', errcode: -1, times: 1 });
    expect((await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi') })).body).toEqual({ code: 500, msg: '用户凭证获取失败，请重新登录！' });
    expect((await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi') })).body.code).toBe(200);
    expect((await b.post('/wechat/miniLogin', { phoneCode: await phoneCode('lisi') })).body.code).toBe(200);
    const journal = (await w.wechatHttp.get('/__mock/journal?path=/cgi-bin/token')).body;
    expect(journal.entries).toHaveLength(2);
  });
});
