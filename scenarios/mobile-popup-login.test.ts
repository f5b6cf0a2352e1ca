import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { userOf } from './support.ts';

// Manual: the app's "WeChat login" opens WeChat; the user allows (signed in, or sent to binding),
// cancels or denies (nothing reaches the login system).
scenario('mobile popup login: unbound → bindId, bind, bound → token; cancel and deny', async (s) => {
  const app = s.mobileApp();
  const bindId = await s.step('wangwu allows: unbound, the target answers a bindId and no token', async () => {
    const { result } = await app.login('wangwu');
    expect(result?.code, JSON.stringify(result)).toBe(200);
    expect(result?.data?.token ?? null).toBeNull();
    expect(result?.data?.bindId).toMatch(/^[0-9a-f]{32}$/);
    return result!.data.bindId as string;
  });
  await s.step('the app binds the existing admin account with that bindId', async () => {
    const r = await s.target.api.bindLogin({ bindId, username: s.target.admin.username, password: s.target.admin.password });
    expect(r.code, JSON.stringify(r)).toBe(200);
  });
  await s.step('wangwu logs in again: a token for admin', async () => {
    const { result } = await app.login('wangwu');
    expect(result?.data?.bindId ?? null).toBeNull();
    expect((await userOf(s, result!.data.token)).userName).toBe(s.target.admin.username);
  });
  await s.step('uni.login form (device-side exchange: accessToken + openId + unionId) signs in too', async () => {
    const { result } = await app.login('wangwu', { uniLogin: true });
    expect((await userOf(s, result!.data.token)).userName).toBe(s.target.admin.username);
  });
  await s.step('the user cancels in WeChat: errCode -2, no code', async () => {
    const resp = await app.authorize('wangwu', { result: 'cancel' });
    expect(resp.errCode).toBe(-2);
    expect(resp.code).toBe('');
  });
  await s.step('the user denies: errCode -4', async () => {
    expect((await app.authorize('wangwu', { result: 'deny' })).errCode).toBe(-4);
  });
  await s.step('a code replayed by the app is refused by WeChat and so by the target', async () => {
    const resp = await app.authorize('zhangsan');
    const first = await s.target.api.mobileLogin({ code: resp.code });
    expect(first.code).toBe(200);
    const again = await s.target.api.mobileLogin({ code: resp.code });
    expect(again.code, JSON.stringify(again)).toBe(500);
  });
});
