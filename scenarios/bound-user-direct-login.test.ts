import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { bindPersonaToAdmin, tokenFrom, userOf, webLoginViaApi } from './support.ts';

// Manual: a user whose WeChat is bound scans the QR code and is signed in without any other step.
scenario('bound user: WeChat QR login goes straight in', async (s) => {
  await s.step('zhangsan binds WeChat to admin once', () => bindPersonaToAdmin(s, 'zhangsan'));
  const outcome = await s.step('zhangsan logs in with WeChat again', async () => (await webLoginViaApi(s, 'zhangsan')).outcome);
  await s.step('the target sends a loginId (not a bindId)', async () => {
    expect(outcome.kind).toBe('loginId');
  });
  await s.step('the loginId signs admin in', async () => {
    expect((await userOf(s, await tokenFrom(s, outcome))).userName).toBe(s.target.admin.username);
  });
  await s.step('the target used the WeChat API as JustAuth does: code → access_token → userinfo', async () => {
    const calls = (await s.wechat.journal({ limit: 50 })).map((e) => e.path);
    expect(calls).toContain('/sns/oauth2/access_token');
    expect(calls).toContain('/sns/userinfo');
  });
});
