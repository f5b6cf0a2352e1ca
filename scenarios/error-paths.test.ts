import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { browserWechatLogin, webLoginViaApi } from './support.ts';

async function errorText(s: Parameters<Parameters<typeof scenario>[1]>[0], outcome: Awaited<ReturnType<typeof webLoginViaApi>>['outcome']): Promise<string> {
  expect(outcome.kind, JSON.stringify(outcome)).toBe('errorId');
  const r = await s.target.api.errorMessage((outcome as { errorId: string }).errorId);
  // FastBee returns the stored message as an *error* envelope (code 500).
  expect(r.code).toBe(500);
  return r.msg;
}

// When WeChat refuses the code, the login system must land on its error page with WeChat's message.
scenario(
  'WeChat busy (-1) lands on the error page with the message',
  async (s) => {
    const page = await s.page();
    await s.step('WeChat will answer -1 system error to the next code exchange', () => s.wechat.fault({ endpoint: '/sns/oauth2/access_token', errcode: -1 }));
    await browserWechatLogin(s, page, 'zhangsan');
    await s.step("the login page shows WeChat's message", async () => {
      expect(await s.target.pages.errorMessage(page)).toContain('system error');
    });
  },
  { browser: true },
);

scenario('rate limit (45011), expired code and reused code end on the error page', async (s) => {
  await s.step('45011: api minute-quota', async () => {
    await s.wechat.fault({ endpoint: '/sns/oauth2/access_token', errcode: 45011 });
    expect(await errorText(s, (await webLoginViaApi(s, 'zhangsan')).outcome)).toContain('minute-quota');
  });
  await s.step('an expired code (confirmed, then 11 minutes pass): invalid code', async () => {
    const render = await s.target.api.renderWebLogin();
    await s.wechat.http.get(render.qrconnectUrl!);
    const confirmed = await s.user('zhangsan').confirm(render.appid!);
    await s.wechat.advanceClock(11 * 60);
    const back = new URL(confirmed.redirectUrl!);
    const { outcome } = await s.target.api.callback({ code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
    expect(await errorText(s, outcome)).toMatch(/invalid code|code expired/);
  });
  await s.step('a reused code (replayed with a fresh state): code been used', async () => {
    const first = await webLoginViaApi(s, 'lisi');
    expect(first.outcome.kind).toBe('bindId');
    const render = await s.target.api.renderWebLogin();
    const { outcome } = await s.target.api.callback({ code: first.code, state: render.state });
    expect(await errorText(s, outcome)).toContain('code been used');
  });
});
