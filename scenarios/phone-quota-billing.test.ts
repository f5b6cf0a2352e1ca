import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';

// Manual (WeChat billing): each mini program gets free phone-number calls, then every successful
// call is charged (CNY 0.03). Here the free quota is 2 so it runs out quickly.
scenario('phone-number API: free quota used up, then calls are charged', async (s) => {
  const mini = s.miniProgram();
  await s.step("set the mini program's free quota to 2", () => s.wechat.updateApp(mini.appid, { phoneFreeQuota: 2, phonePrice: 0.03 }));
  await s.step('three phone logins succeed', async () => {
    for (const persona of ['zhangsan', 'lisi', 'zhaoliu']) {
      const { result } = await mini.phoneLogin(persona);
      expect(result?.code, JSON.stringify(result)).toBe(200);
    }
  });
  await s.step('billing: 3 calls, 2 free, 1 charged at 0.03', async () => {
    const [b] = await s.wechat.billing(mini.appid);
    expect(b).toMatchObject({ calls: 3, freeUsed: 2, freeRemaining: 0, chargedCalls: 1, chargedAmount: 0.03 });
  });
  await s.step('with a call limit reached, the button fails on the phone (errno 1400001)', async () => {
    await s.wechat.updateApp(mini.appid, { phoneCallLimit: 3 });
    const { phone, result } = await mini.phoneLogin('zhangsan');
    expect(phone.errno).toBe(1400001);
    expect(result).toBeUndefined();
  });
});
