import { describe, expect, it } from 'vitest';
import { byTestId, eventually, notReloaded, sendAliyunCode, sendTencentCode, SHOWS_WITHIN, usePanel, textOf } from '../test-support.ts';

const card = (phone: string, inner = '') => `${byTestId('sms-row')}[data-phone="${phone}"] ${inner}`;
const phoneItem = (phone: string) => `${byTestId('sms-phone-item')}[data-phone="${phone}"]`;

const ui = usePanel('sms', byTestId('sms-empty'), {
  setup: async (world) => {
    await world.browser.browser
      .defaultBrowserContext()
      .overridePermissions(world.console.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
  },
});

describe('SMS inbox panel', () => {
  it('shows an SMS sent with the official Aliyun SDK at once: rendered text and the extracted code', async () => {
    await sendAliyunCode(ui.world.sms.url, '13800138000', '246810');
    await ui.page.waitForSelector(card('+8613800138000'), SHOWS_WITHIN);
    expect(await textOf(ui.page, card('+8613800138000', byTestId('sms-text')))).toBe('【wxmock】您的验证码为：246810，5分钟内有效，请勿泄露于他人！');
    expect(await textOf(ui.page, card('+8613800138000', byTestId('sms-code')))).toBe('246810');
    expect(await notReloaded(ui.page)).toBe(true);
  });

  it('copies the code to the clipboard', async () => {
    await sendAliyunCode(ui.world.sms.url, '13800138000', '975310');
    await ui.page.waitForSelector(card('+8613800138000', byTestId('sms-copy')), SHOWS_WITHIN);
    await ui.page.click(card('+8613800138000', byTestId('sms-copy')));
    await ui.page.waitForSelector(card('+8613800138000', `${byTestId('sms-copy')}[data-copied="true"]`), SHOWS_WITHIN);
    expect(await ui.page.evaluate(() => navigator.clipboard.readText())).toBe('975310');
  });

  it('groups messages by phone across both providers, newest first', async () => {
    await sendAliyunCode(ui.world.sms.url, '13800138000', '111111');
    await sendTencentCode(ui.world.sms.url, '+8613900139000', '222222');
    await ui.page.waitForSelector(phoneItem('+8613900139000'), SHOWS_WITHIN);
    const phones = await ui.page.$$eval(byTestId('sms-phone-item'), (els) => els.map((e) => e.getAttribute('data-phone')));
    expect(phones).toEqual(['', '+8613900139000', '+8613800138000']);

    await ui.page.click(phoneItem('+8613900139000'));
    await ui.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, SHOWS_WITHIN, byTestId('sms-row'));
    expect(await textOf(ui.page, card('+8613900139000', byTestId('sms-code')))).toBe('222222');
    expect(await textOf(ui.page, card('+8613900139000', byTestId('sms-text')))).toContain('【wxmock】');
  });

  it("clears the chosen phone's messages from the page, and the rest with the next click", async () => {
    await sendAliyunCode(ui.world.sms.url, '13800138000', '333333');
    await sendTencentCode(ui.world.sms.url, '+8613900139000', '444444');
    await ui.page.waitForSelector(phoneItem('+8613800138000'), SHOWS_WITHIN);
    await ui.page.click(phoneItem('+8613800138000'));
    await ui.page.click(byTestId('sms-clear'));
    await eventually('one phone cleared', async () => (await ui.world.smsInbox.messages('13800138000')).length === 0);
    expect(await ui.world.smsInbox.messages('13900139000')).toHaveLength(1);
    await ui.page.waitForFunction((sel) => !document.querySelector(sel), SHOWS_WITHIN, phoneItem('+8613800138000'));

    await ui.page.click(byTestId('sms-clear'));
    await eventually('inbox cleared', async () => (await ui.world.smsInbox.messages()).length === 0);
    await ui.page.waitForSelector(byTestId('sms-empty'), SHOWS_WITHIN);
  });

  it('marks a message accepted but never delivered (fault mode)', async () => {
    await ui.world.smsInbox.fault({ mode: 'undelivered', phone: '13800138000' });
    await sendAliyunCode(ui.world.sms.url, '13800138000', '555555');
    await ui.page.waitForSelector(card('+8613800138000', byTestId('sms-undelivered')), SHOWS_WITHIN);
  });
});
