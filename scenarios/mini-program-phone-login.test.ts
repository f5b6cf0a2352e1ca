import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { userOf } from './support.ts';

// Manual: the mini program's "phone number quick login": an existing account with that phone is
// signed in; a new phone is registered (user name = password = phone) and signed in at once.
scenario('mini program phone login: existing phone, new phone (auto-register), unbound WeChat', async (s) => {
  const mini = s.miniProgram();
  await s.step("a persona with the admin account's phone (15888888888)", () =>
    s.wechat.createPersona({ id: 'admin-phone', nickname: '管理员的微信', phone: '15888888888' }),
  );
  await s.step('existing phone: signed in as admin', async () => {
    const { result } = await mini.phoneLogin('admin-phone');
    expect(result?.code, JSON.stringify(result)).toBe(200);
    expect((await userOf(s, result!.data.token)).userName).toBe(s.target.admin.username);
  });
  await s.step("new phone 13700137000: the FIRST login already works (FastBee's open edition fails here)", async () => {
    const { result } = await mini.phoneLogin('zhaoliu');
    expect(result?.code, JSON.stringify(result)).toBe(200);
    const user = await userOf(s, result!.data.token);
    expect(user.userName).toBe('13700137000');
    expect(user.phonenumber).toBe('13700137000');
  });
  await s.step('the auto-registered account has the phone as its password', async () => {
    const r = await s.target.api.login({ username: '13700137000', password: '13700137000' });
    expect(r.code, JSON.stringify(r)).toBe(200);
  });
  await s.step('the unbound WeChat was bound by the mini login: the mobile app now signs in directly', async () => {
    const { result } = await s.mobileApp().login('zhaoliu');
    expect(result?.data?.bindId ?? null).toBeNull();
    expect((await userOf(s, result!.data.token)).userName).toBe('13700137000');
  });
  await s.step('the user refuses the phone number: no code, nothing sent to the target', async () => {
    const phone = await s.wechat.miniPhone(mini.appid, 'zhangsan', 'deny');
    expect(phone.errMsg).toBe('getPhoneNumber:fail user deny');
    expect(phone.code).toBeUndefined();
  });
});
