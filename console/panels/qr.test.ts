import { describe, expect, it } from 'vitest';
import { byTestId, eventually, exchangeWebCode, notReloaded, openQrLogin, SHOWS_WITHIN, usePanel, textOf, WEB_APPID } from '../test-support.ts';

const qrRow = (uuid: string, inner = '') => `${byTestId('qr-row')}[data-id="${uuid}"] ${inner}`;

async function session(uuid: string) {
  return (await ui.world.wechatControl.http.get(`/__mock/qr/sessions/${uuid}`)).body.session as { status: string; persona: string | null; code: string | null };
}

const ui = usePanel('qr', byTestId('qr-empty'));

describe('QR sessions panel', () => {
  it('shows a QR login page opened by a browser, and its confirmation through the control API, without a reload', async () => {
    const uuid = await openQrLogin(ui.world.wechat.url, 'from-site');
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="waiting"]`), SHOWS_WITHIN);

    await ui.world.wechatControl.qr('scan', { uuid, persona: 'lisi' });
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="scanned"]`), SHOWS_WITHIN);
    await ui.world.wechatControl.qr('confirm', { uuid, persona: 'lisi' });
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="confirmed"]`), SHOWS_WITHIN);
    expect(await textOf(ui.page, qrRow(uuid, byTestId('qr-session-persona')))).toBe('李四（lisi）');
    expect(await textOf(ui.page, qrRow(uuid, byTestId('qr-code')))).toBe((await session(uuid)).code);
    expect(await notReloaded(ui.page)).toBe(true);
  });

  it('scans and confirms as the persona picked in the page: the session is confirmed and its code logs that persona in', async () => {
    const uuid = await openQrLogin(ui.world.wechat.url, 'pick-persona');
    await ui.page.waitForSelector(qrRow(uuid), SHOWS_WITHIN);
    await ui.page.select(byTestId('qr-persona'), 'zhaoliu');
    await ui.page.click(qrRow(uuid, byTestId('qr-scan')));
    await eventually('scanned', async () => (await session(uuid)).status === 'scanned');
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="scanned"]`), SHOWS_WITHIN);

    await ui.page.click(qrRow(uuid, byTestId('qr-confirm')));
    const s = await eventually('confirmed', async () => {
      const x = await session(uuid);
      return x.status === 'confirmed' ? x : undefined;
    });
    expect(s.persona).toBe('zhaoliu');
    const token = await exchangeWebCode(ui.world.wechat.url, s.code!);
    expect(token.openid).toBe(await ui.world.wechatControl.openid('zhaoliu', WEB_APPID));
    // Buttons of a finished session are off.
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-confirm')}[disabled]`), SHOWS_WITHIN);
  });

  it('cancels a session from the page', async () => {
    const uuid = await openQrLogin(ui.world.wechat.url, 'to-cancel');
    await ui.page.waitForSelector(qrRow(uuid), SHOWS_WITHIN);
    await ui.page.click(qrRow(uuid, byTestId('qr-cancel')));
    await eventually('cancelled', async () => (await session(uuid)).status === 'cancelled');
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="cancelled"]`), SHOWS_WITHIN);
  });

  it('shows a session expired by advancing the mock clock', async () => {
    const uuid = await openQrLogin(ui.world.wechat.url, 'to-expire');
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="waiting"]`), SHOWS_WITHIN);
    await ui.world.wechatControl.advanceClock(301);
    await ui.page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="expired"]`), SHOWS_WITHIN);
  });
});
