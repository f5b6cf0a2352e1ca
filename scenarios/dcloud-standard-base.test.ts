import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { bindPersonaToAdmin, userOf } from './support.ts';

// QA recipe: in HBuilderX's standard base, WeChat login runs under DCloud's appid, so the same
// person arrives with DCloud's unionid and the login system sends them to binding although they
// are bound. A custom debug base (the app's own appid) fixes it.
scenario('DCloud standard base: different unionid, sent to binding; custom base signs in', async (s) => {
  await s.step('zhangsan is bound to admin (web QR)', () => bindPersonaToAdmin(s, 'zhangsan'));
  await s.step("the standard-base app logs in under DCloud's appid with a different unionid", async () => {
    const resp = await s.mobileApp('mobile-standard').authorize('zhangsan', { uniLogin: true });
    const mine = await s.wechat.unionid('zhangsan', 'default');
    const dcloud = await s.wechat.unionid('zhangsan', 'dcloud');
    expect(resp.appid).toBe((await s.wechat.app('dcloud-hbuilder')).appid);
    expect(resp.authResult?.unionid).toBe(dcloud);
    expect(dcloud).not.toBe(mine);
  });
  await s.step('uni.login in the standard base: the target does not know this unionid and answers a bindId', async () => {
    const { result } = await s.mobileApp('mobile-standard').login('zhangsan', { uniLogin: true });
    expect(result?.code, JSON.stringify(result)).toBe(200);
    expect(result?.data?.token ?? null).toBeNull();
    expect(result?.data?.bindId).toBeTruthy();
  });
  await s.step("the bare code from the standard base fails on the server (it belongs to DCloud's appid)", async () => {
    const { result } = await s.mobileApp('mobile-standard').login('zhangsan');
    expect(result?.code).toBe(500);
  });
  await s.step("custom base (the app's own appid): signed in as admin", async () => {
    const { result } = await s.mobileApp('mobile').login('zhangsan');
    expect((await userOf(s, result!.data.token)).userName).toBe(s.target.admin.username);
  });
});
