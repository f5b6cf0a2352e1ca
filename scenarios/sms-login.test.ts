import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { smsCodeFor, userOf } from './support.ts';

// Manual: SMS login: enter the phone, get a 6-digit code by SMS, sign in with it.
scenario(
  'SMS login in the browser: the code from the inbox signs admin in',
  async (s) => {
    const page = await s.page();
    await s.step('open the login page', () => s.target.pages.openLogin(page));
    await s.step('SMS tab: send a code to 15888888888 and sign in with it', () =>
      s.target.pages.smsLogin(page, '15888888888', () => s.sms.waitForCode('15888888888', { since: new Date(Date.now() - 5000).toISOString() })),
    );
    await s.step('signed in as admin', async () => {
      expect(await s.target.pages.loggedInUser(page)).toBe(s.target.admin.username);
    });
  },
  { browser: true },
);

scenario('SMS login: wrong code, expired code, single use, rate limit', async (s) => {
  const api = s.target.api;
  const phone = '15888888888';
  const code = await s.step('request a code: 6 digits arrive in the inbox', async () => {
    const c = await smsCodeFor(s, phone);
    expect(c).toMatch(/^\d{6}$/);
    return c;
  });
  await s.step('a wrong code is refused: 验证码错误', async () => {
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await api.smsLogin({ phonenumber: phone, smsCode: wrong })).toMatchObject({ code: 500, msg: '验证码错误' });
  });
  await s.step("the right code signs in; the token is in data (FastBee's shape)", async () => {
    const r = await api.smsLogin({ phonenumber: phone, smsCode: code });
    expect(r).toMatchObject({ code: 200, msg: '登录成功' });
    expect((await userOf(s, r.data as string)).userName).toBe(s.target.admin.username);
  });
  await s.step('the same code again is refused (single use)', async () => {
    expect((await api.smsLogin({ phonenumber: phone, smsCode: code })).code).toBe(500);
  });
  await s.step('a second code within a minute is refused, and nothing more is sent', async () => {
    const before = (await s.sms.messages(phone)).length;
    const r = await api.sendSmsLoginCode(phone);
    expect(r.code, JSON.stringify(r)).not.toBe(200);
    expect((await s.sms.messages(phone)).length).toBe(before);
  });
  await s.step("one code a minute: the sixth within an hour hits the gateway's hourly flow control", async () => {
    let refused: { code: number; msg: string } | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      await s.advanceClock(61);
      const r = await api.sendSmsLoginCode(phone);
      if (r.code !== 200) refused = r;
    }
    expect(refused, 'a send was refused').toBeDefined();
    const calls = await s.sms.journal({ since: Date.now() - 60_000 });
    expect(JSON.stringify(calls.map((c) => c.response.body))).toMatch(/BUSINESS_LIMIT_CONTROL|LimitExceeded\.PhoneNumber/);
  });
  const late = await s.step('another phone (13800138000): a code is sent', () => smsCodeFor(s, '13800138000'));
  await s.step('after 5 minutes it has expired: 验证码已失效，请重新获取', async () => {
    await s.advanceClock(301);
    expect(await api.smsLogin({ phonenumber: '13800138000', smsCode: late })).toMatchObject({ code: 500, msg: '验证码已失效，请重新获取' });
  });
});
