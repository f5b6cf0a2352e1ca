import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { userOf, webLoginViaApi } from './support.ts';

// Manual: apps under one Open Platform account share the unionId, so a user bound on the website
// signs in on the mobile app and the mini program without binding again.
scenario('unionid: bind on the web, log in on mobile and mini program without binding', async (s) => {
  await s.step('lisi logs in on the web and registers-and-binds lisi2026 (her phone 13900139000)', async () => {
    const { outcome } = await webLoginViaApi(s, 'lisi');
    expect(outcome.kind).toBe('bindId');
    const r = await s.target.api.bindRegister({
      bindId: (outcome as { bindId: string }).bindId,
      username: 'lisi2026',
      password: 'Lisi-2026',
      phonenumber: '13900139000',
    });
    expect(r.code, JSON.stringify(r)).toBe(200);
  });
  await s.step('one unionid for web, mobile and mini program; an openid per app', async () => {
    const p = await s.wechat.persona('lisi');
    const openids = new Set(p.ids.openids.filter((o) => ['web', 'mobile', 'mini'].includes(o.key)).map((o) => o.openid));
    expect(openids.size).toBe(3);
  });
  await s.step('mobile app login: straight in as lisi2026, no bindId', async () => {
    const { resp, result } = await s.mobileApp().login('lisi');
    expect(resp.errCode).toBe(0);
    expect(result?.code, JSON.stringify(result)).toBe(200);
    expect(result?.data?.bindId ?? null).toBeNull();
    expect((await userOf(s, result!.data.token)).userName).toBe('lisi2026');
  });
  await s.step('mini program phone login: straight in as lisi2026, no new account', async () => {
    const { result } = await s.miniProgram().phoneLogin('lisi');
    expect(result?.code, JSON.stringify(result)).toBe(200);
    expect((await userOf(s, result!.data.token)).userName).toBe('lisi2026');
  });
});
