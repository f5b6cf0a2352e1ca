import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { bindPersonaToAdmin, webLoginViaApi } from './support.ts';

// Checks a login system should pass. FastBee's open edition fails several (docs/wire/fastbee.md#where-fastbee-is-weak);
// the reference login system passes all.
scenario('security: forged, replayed and cross-browser state; replayed code, loginId and bindId', async (s) => {
  const api = s.target.api;
  await s.step('a forged state is refused', async () => {
    const code = await s.wechat.code(s.target.apps.web, 'zhangsan');
    const { outcome } = await api.callback({ code, state: 'f'.repeat(32) });
    expect(outcome.kind).not.toBe('loginId');
    expect(outcome.kind).not.toBe('bindId');
  });
  await s.step('a state used once is refused the second time, even with a fresh code', async () => {
    const first = await webLoginViaApi(s, 'zhangsan');
    expect(first.outcome.kind).toBe('bindId');
    const code = await s.wechat.code(s.target.apps.web, 'zhangsan');
    const { outcome } = await api.callback({ code, state: first.state });
    expect(['loginId', 'bindId']).not.toContain(outcome.kind);
  });
  await s.step('a state started in another browser is refused', async () => {
    const render = await api.renderWebLogin();
    const code = await s.wechat.code(s.target.apps.web, 'zhangsan');
    const { outcome } = await api.newBrowser().callback({ code, state: render.state });
    expect(['loginId', 'bindId']).not.toContain(outcome.kind);
  });
  await s.step('a bindId binds once only', async () => {
    const { outcome } = await webLoginViaApi(s, 'lisi');
    const bindId = (outcome as { bindId: string }).bindId;
    expect((await api.bindLogin({ bindId, username: s.target.admin.username, password: s.target.admin.password })).code).toBe(200);
    expect((await api.bindLogin({ bindId, username: s.target.admin.username, password: s.target.admin.password })).code).not.toBe(200);
  });
  await s.step('a loginId signs in once only', async () => {
    const { outcome } = await webLoginViaApi(s, 'lisi');
    const loginId = (outcome as { loginId: string }).loginId;
    expect((await api.loginById(loginId)).code).toBe(200);
    expect((await api.loginById(loginId)).code).toBe(502);
  });
});

scenario('security: redirect URIs stay on configured origins; unbind needs the password', async (s) => {
  const api = s.target.api;
  const token = await s.step('zhangsan binds to admin', () => bindPersonaToAdmin(s, 'zhangsan'));
  await s.step('admin cannot point the login redirect at another site', async () => {
    const list = await api.platforms(token);
    const web = list.rows.find((r: { platform: string }) => r.platform === 'wechat_open_web');
    const r = await api.http.put('/iot/platform', { ...web, redirectLoginUri: 'https://evil.example/steal?loginId=' }, { token });
    const { outcome } = await webLoginViaApi(s, 'zhangsan');
    expect(outcome.kind === 'other' ? (outcome.location ?? '') : outcome.location).not.toContain('evil.example');
    expect(r.status === 200 ? (r.body as { code: number }).code : r.status).not.toBe(200);
  });
  await s.step('unbind without a password is refused', async () => {
    expect((await api.cancelBind(token, { verifyType: 1 })).code).toBe(500);
  });
  await s.step('unbind by SMS with a code never sent is refused', async () => {
    expect((await api.cancelBind(token, { verifyType: 2, userPhone: '15888888888', smsCode: '123456' })).code).toBe(500);
  });
  await s.step('still bound', async () => {
    expect((await api.profile(token)).wxBind).toBe(true);
  });
});
