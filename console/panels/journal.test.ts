import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../core/http-client.ts';
import { WECHAT_USER_AGENT } from '../../harness/wechat-browser.ts';
import { byTestId, eventually, exchangeWebCode, notReloaded, sendAliyunCode, setField, SHOWS_WITHIN, usePanel, textOf, WEB_SECRET } from '../test-support.ts';

const rows = byTestId('journal-row');
const rowWith = (endpoint: string) => `${rows}[data-endpoint="${endpoint}"]`;

/** Waits until the list shows exactly these endpoints (and personas), newest first. */
async function shows(endpoints: string[], personas?: string[]): Promise<void> {
  const seen = () => ui.page.$$eval(rows, (els) => els.map((e) => `${e.getAttribute('data-endpoint')} ${e.getAttribute('data-persona')}`));
  await ui.page
    .waitForFunction(
      (sel, want, who) => {
        const els = [...document.querySelectorAll(sel)];
        const same = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);
        return (
          same(
            els.map((e) => e.getAttribute('data-endpoint')),
            want,
          ) &&
          (!who ||
            same(
              els.map((e) => e.getAttribute('data-persona')),
              who,
            ))
        );
      },
      SHOWS_WITHIN,
      rows,
      endpoints,
      personas ?? null,
    )
    .catch(async (e) => {
      throw new Error(
        `journal shows ${JSON.stringify(await seen())}, expected ${JSON.stringify(endpoints)} ${JSON.stringify(personas ?? '')}: ${(e as Error).message}`,
      );
    });
}

const ui = usePanel('journal', byTestId('journal-empty'));

describe('journal panel', () => {
  it('shows a code exchange live, newest first, and expands it with the secret masked', async () => {
    const code = await ui.world.wechatControl.code('web', 'zhangsan');
    await exchangeWebCode(ui.world.wechat.url, code);
    await ui.page.waitForSelector(rowWith('/sns/oauth2/access_token'), SHOWS_WITHIN);
    expect(await textOf(ui.page, `${rowWith('/sns/oauth2/access_token')} ${byTestId('journal-outcome')}`)).toBe('成功');

    // A reused code: WeChat answers HTTP 200 with errcode 40163, and the row says so.
    await exchangeWebCode(ui.world.wechat.url, code);
    await ui.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, SHOWS_WITHIN, rowWith('/sns/oauth2/access_token'));
    expect(await textOf(ui.page, `${rows} ${byTestId('journal-outcome')}`)).toBe('errcode 40163');

    await ui.page.click(rows);
    await ui.page.waitForSelector(byTestId('journal-detail'), SHOWS_WITHIN);
    const request = await textOf(ui.page, byTestId('journal-request-line'));
    expect(request).toContain('/sns/oauth2/access_token?appid=wx3a1c5e7f9b2d4680');
    expect(request).toContain('secret=6f1****f0');
    expect(await ui.page.evaluate(() => document.body.innerText)).not.toContain(WEB_SECRET);
    expect(await textOf(ui.page, byTestId('journal-response-body'))).toContain('"errcode": 40163');
    expect(await notReloaded(ui.page)).toBe(true);
  });

  it('merges both mocks: an SMS sent with the official SDK shows as SendSms next to the WeChat calls', async () => {
    await ui.world.wechatControl.miniLogin('mini', 'lisi');
    await sendAliyunCode(ui.world.sms.url, '13800138000', '135790');
    await ui.page.waitForSelector(`${rowWith('SendSms')}[data-source="sms"]`, SHOWS_WITHIN);
    await ui.page.waitForSelector(`${rowWith('/__mock/miniprogram/login')}[data-source="wechat"]`, SHOWS_WITHIN);
    const order = await ui.page.$$eval(rows, (els) => els.map((e) => e.getAttribute('data-endpoint')));
    expect(order).toEqual(['SendSms', '/__mock/miniprogram/login']);
    await ui.page.click(rowWith('SendSms'));
    await ui.page.waitForSelector(byTestId('journal-detail'), SHOWS_WITHIN);
    // The Aliyun V3 signature is masked; the phone number is not a secret.
    const headers = (await textOf(ui.page, byTestId('journal-request-headers')))!;
    expect(headers).toMatch(/authorization: ACS3-HMAC-SHA256 .*Signature=\S*\*{4}/);
    expect(headers).not.toMatch(/Signature=[0-9a-f]{64}/);
    // The V3 SDK sends its parameters in the query.
    expect(await textOf(ui.page, byTestId('journal-request-line'))).toContain('PhoneNumbers=13800138000');
  });

  it('filters by endpoint, persona, phone and source', async () => {
    await exchangeWebCode(ui.world.wechat.url, await ui.world.wechatControl.code('web', 'zhangsan'));
    await exchangeWebCode(ui.world.wechat.url, await ui.world.wechatControl.code('web', 'lisi'));
    await ui.world.wechatControl.miniLogin('mini', 'lisi');
    await sendAliyunCode(ui.world.sms.url, '13900139000', '112233');
    const token = '/sns/oauth2/access_token';
    const mini = '/__mock/miniprogram/login';
    await shows(['SendSms', mini, token, token]);

    await setField(ui.page, byTestId('journal-persona'), 'lisi');
    await shows([mini, token], ['lisi', 'lisi']);
    await setField(ui.page, byTestId('journal-path'), 'access_token');
    await shows([token], ['lisi']);
    await setField(ui.page, byTestId('journal-persona'), '');
    await setField(ui.page, byTestId('journal-path'), '');
    // lisi's phone: the SMS sent to it and her mini program login, across both mocks.
    await setField(ui.page, byTestId('journal-phone'), '13900139000');
    await shows(['SendSms', mini]);
    await setField(ui.page, byTestId('journal-phone'), '');
    await ui.page.select(byTestId('journal-source'), 'wechat');
    await shows([mini, token, token]);
  });

  it("shows the Official Account's authorize and JS-SDK ticket calls, filed under its appid and the persona", async () => {
    const official = await ui.world.wechatControl.app('official');
    const q = new URLSearchParams({ appid: official.appid, redirect_uri: 'http://127.0.0.1:9/cb', response_type: 'code', scope: 'snsapi_base', state: 'h5' });
    const wechat = new HttpClient(ui.world.wechat.url);
    const authorized = await wechat.get(`/connect/oauth2/authorize?${q}`, { headers: { 'user-agent': WECHAT_USER_AGENT, cookie: 'wxmock_persona=wangwu' } });
    expect(authorized.status).toBe(302);
    const token = (
      await wechat.get<{ access_token: string }>('/cgi-bin/token', {
        query: { grant_type: 'client_credential', appid: official.appid, secret: official.secret },
      })
    ).body;
    expect(
      (await wechat.get<{ errcode: number }>('/cgi-bin/ticket/getticket', { query: { access_token: token.access_token, type: 'jsapi' } })).body.errcode,
    ).toBe(0);
    const authorize = '/connect/oauth2/authorize';
    await shows(['/cgi-bin/ticket/getticket', '/cgi-bin/token', authorize]);
    await setField(ui.page, byTestId('journal-persona'), 'wangwu');
    await shows([authorize], ['wangwu']);
    await setField(ui.page, byTestId('journal-persona'), '');
    await setField(ui.page, byTestId('journal-appid'), official.appid);
    await shows(['/cgi-bin/ticket/getticket', '/cgi-bin/token', authorize]);
  });

  it('clears both journals from the page', async () => {
    await ui.world.wechatControl.miniLogin('mini', 'zhangsan');
    await sendAliyunCode(ui.world.sms.url, '13800138000', '424242');
    await ui.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, SHOWS_WITHIN, rows);
    await ui.page.click(byTestId('journal-clear'));
    await eventually('journals cleared', async () => (await ui.world.wechatControl.journal()).length === 0 && (await ui.world.smsInbox.journal()).length === 0);
    await ui.page.waitForSelector(byTestId('journal-empty'), SHOWS_WITHIN);
  });
});
