import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { webLoginViaApi } from './support.ts';

// Manual: in the user centre a signed-in user binds WeChat by scanning a QR code, and unbinds it
// after confirming the account password.
scenario('user centre: bind WeChat by QR, unbind with the password (a wrong one is refused)', async (s) => {
  const api = s.target.api;
  const token = await s.step('admin signs in with the password', async () => {
    const r = await api.login({ username: s.target.admin.username, password: s.target.admin.password });
    expect(r.code, JSON.stringify(r)).toBe(200);
    return r.token!;
  });
  await s.step('profile: WeChat not bound', async () => {
    expect((await api.profile(token)).wxBind).toBe(false);
  });
  const qr = await s.step('the bind QR parameters (getWxBindQr)', async () => {
    const r = await api.wxBindQr(token);
    expect(r.code, JSON.stringify(r)).toBe(200);
    expect(r.data.scope).toBe('snsapi_login');
    return r.data as { appid: string; redirectUri: string; state: string };
  });
  const msgId = await s.step('wangwu scans the QR (WxLogin iframe) and confirms; WeChat redirects to the bind callback', async () => {
    const url = `${s.wechatUrl}/connect/qrconnect?appid=${qr.appid}&redirect_uri=${encodeURIComponent(qr.redirectUri)}&response_type=code&scope=snsapi_login&state=${qr.state}`;
    expect((await s.wechat.http.get(url)).status).toBe(200);
    const confirmed = await s.user('wangwu').confirm(qr.appid);
    const { wxBindMsgId } = await api.wxBindCallback(
      Object.fromEntries(new URL(confirmed.redirectUrl!).searchParams) as { code: string; state: string; wxBindId: string },
    );
    expect(wxBindMsgId).toBeTruthy();
    return wxBindMsgId!;
  });
  await s.step('the profile page reads the result: 绑定成功', async () => {
    expect((await api.wxBindMsg(token, msgId)).msg).toBe('绑定成功');
    expect((await api.profile(token)).wxBind).toBe(true);
  });
  await s.step("wangwu's WeChat login now signs admin in", async () => {
    expect((await webLoginViaApi(s, 'wangwu')).outcome.kind).toBe('loginId');
  });
  await s.step('unbind with a wrong password is refused', async () => {
    const r = await api.cancelBind(token, { verifyType: 1, password: 'not-the-password' });
    expect(r.code).toBe(500);
    expect(r.msg).toBe('密码错误，请重新输入');
    expect((await api.profile(token)).wxBind).toBe(true);
  });
  await s.step('unbind with the password: 解绑成功', async () => {
    const r = await api.cancelBind(token, { verifyType: 1, password: s.target.admin.password });
    expect(r).toMatchObject({ code: 200, msg: '解绑成功' });
    expect((await api.profile(token)).wxBind).toBe(false);
  });
  await s.step("wangwu's WeChat login is sent to binding again", async () => {
    expect((await webLoginViaApi(s, 'wangwu')).outcome.kind).toBe('bindId');
  });
});

// The same in the browser, as the manual shows it: the user centre's WeChat row, the QR code, the
// result message after WeChat's redirect, and the password dialog.
scenario(
  'user centre in the browser: bind WeChat by QR, read the result, unbind with the password',
  async (s) => {
    const page = await s.page();
    await s.step('open the login page', () => s.target.pages.openLogin(page));
    await s.step('admin signs in with the password', () => s.target.pages.passwordLogin(page, s.target.admin.username, s.target.admin.password));
    await s.step('the user centre says WeChat is not bound', async () => {
      await s.target.pages.openUserCentre(page);
      expect(await s.target.pages.wechatBound(page)).toBe(false);
    });
    await s.step('bind WeChat: the QR code shows', () => s.target.pages.startWechatBind(page));
    await s.step('wangwu scans the QR code and confirms', () => s.user('wangwu').confirm(s.target.apps.webBind));
    await s.step('back on the user centre: 绑定成功', async () => {
      expect(await s.target.pages.wechatBindResult(page)).toBe('绑定成功');
    });
    await s.step('the user centre says WeChat is bound', async () => {
      expect(await s.target.pages.wechatBound(page)).toBe(true);
    });
    await s.step('unbind with the password: 解绑成功, not bound any more', async () => {
      expect(await s.target.pages.unbindWechat(page, s.target.admin.password)).toBe('解绑成功');
      expect(await s.target.pages.wechatBound(page)).toBe(false);
    });
  },
  { browser: true },
);
