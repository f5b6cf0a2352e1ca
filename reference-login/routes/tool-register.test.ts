import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

// views/register.vue without ?bindId= registers through /iot/tool/register (ToolController).
let w: LoginWorld;
beforeAll(async () => {
  w = await startLoginWorld();
});
afterAll(() => w.stop());

describe('POST /iot/tool/register', () => {
  it('registers a general account: {code:200, msg:"操作成功"}; it signs in with its password', async () => {
    const b = w.browser();
    expect((await b.post('/iot/tool/register', { username: 'newbie01', password: 'Newbie-01', phonenumber: '13600136000', code: '', uuid: '' })).body).toEqual({
      code: 200,
      msg: '操作成功',
    });
    const login = (await b.post('/login', { username: 'newbie01', password: 'Newbie-01' })).body;
    expect(login.code).toBe(200);
    expect((await b.get('/getInfo', { token: login.token })).body).toMatchObject({
      user: { userName: 'newbie01', phonenumber: '13600136000' },
      roles: ['general'],
    });
  });

  it("FastBee's messages for a taken name or phone, bad lengths; malformed JSON; registration switched off", async () => {
    const b = w.browser();
    expect((await b.post('/iot/tool/register', { username: 'newbie01', password: 'Other-pass' })).body).toEqual({
      code: 500,
      msg: "保存用户'newbie01'失败，注册账号已存在",
    });
    expect((await b.post('/iot/tool/register', { username: 'newbie02', password: 'Other-pass', phonenumber: '13600136000' })).body).toEqual({
      code: 500,
      msg: "保存用户'newbie02'失败，注册手机号码已存在",
    });
    expect((await b.post('/iot/tool/register', { username: 'n', password: 'Other-pass' })).body).toEqual({ code: 500, msg: '账户长度必须在2到20个字符之间' });
    expect((await b.request('POST', '/iot/tool/register', { body: 'not json' })).body).toEqual({ code: 500, msg: '请求参数格式错误' });
    await b.request('PATCH', '/__mock/config', { body: { registerUser: false } });
    expect((await b.post('/iot/tool/register', { username: 'newbie03', password: 'Other-pass' })).body).toEqual({
      code: 500,
      msg: '当前系统没有开启注册功能！',
    });
    await b.request('PATCH', '/__mock/config', { body: { registerUser: true } });
    expect(w.login.ctx.users.byName('newbie02')).toBeUndefined();
  });
});
