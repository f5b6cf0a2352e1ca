import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import {
  byTestId,
  eventually,
  exchangeWebCode,
  notReloaded,
  openQrLogin,
  SHOWS_WITHIN,
  usePanel,
  textOf,
  WEB_APPID,
  type ConsoleWorld,
} from '../test-support.ts';

let w: ConsoleWorld;
let page: Page;

const qrRow = (uuid: string, inner = '') => `${byTestId('qr-row')}[data-id="${uuid}"] ${inner}`;

async function session(uuid: string) {
  return (await w.wechatControl.http.get(`/__mock/qr/sessions/${uuid}`)).body.session as { status: string; persona: string | null; code: string | null };
}

usePanel('qr', byTestId('qr-empty'), (world, p) => {
  w = world;
  page = p;
});

describe('QR sessions panel', () => {
  it('shows a QR login page opened by a browser, and its confirmation through the control API, without a reload', async () => {
    const uuid = await openQrLogin(w.wechat.url, 'from-site');
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="waiting"]`), SHOWS_WITHIN);

    await w.wechatControl.qr('scan', { uuid, persona: 'lisi' });
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="scanned"]`), SHOWS_WITHIN);
    await w.wechatControl.qr('confirm', { uuid, persona: 'lisi' });
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="confirmed"]`), SHOWS_WITHIN);
    expect(await textOf(page, qrRow(uuid, byTestId('qr-session-persona')))).toBe('李四（lisi）');
    expect(await textOf(page, qrRow(uuid, byTestId('qr-code')))).toBe((await session(uuid)).code);
    expect(await notReloaded(page)).toBe(true);
  });

  it('scans and confirms as the persona picked in the page: the session is confirmed and its code logs that persona in', async () => {
    const uuid = await openQrLogin(w.wechat.url, 'pick-persona');
    await page.waitForSelector(qrRow(uuid), SHOWS_WITHIN);
    await page.select(byTestId('qr-persona'), 'zhaoliu');
    await page.click(qrRow(uuid, byTestId('qr-scan')));
    await eventually('scanned', async () => (await session(uuid)).status === 'scanned');
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="scanned"]`), SHOWS_WITHIN);

    await page.click(qrRow(uuid, byTestId('qr-confirm')));
    const s = await eventually('confirmed', async () => {
      const x = await session(uuid);
      return x.status === 'confirmed' ? x : undefined;
    });
    expect(s.persona).toBe('zhaoliu');
    const token = await exchangeWebCode(w.wechat.url, s.code!);
    expect(token.openid).toBe(await w.wechatControl.openid('zhaoliu', WEB_APPID));
    // Buttons of a finished session are off.
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-confirm')}[disabled]`), SHOWS_WITHIN);
  });

  it('cancels a session from the page', async () => {
    const uuid = await openQrLogin(w.wechat.url, 'to-cancel');
    await page.waitForSelector(qrRow(uuid), SHOWS_WITHIN);
    await page.click(qrRow(uuid, byTestId('qr-cancel')));
    await eventually('cancelled', async () => (await session(uuid)).status === 'cancelled');
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="cancelled"]`), SHOWS_WITHIN);
  });

  it('shows a session expired by advancing the mock clock', async () => {
    const uuid = await openQrLogin(w.wechat.url, 'to-expire');
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="waiting"]`), SHOWS_WITHIN);
    await w.wechatControl.advanceClock(301);
    await page.waitForSelector(qrRow(uuid, `${byTestId('qr-status')}[data-status="expired"]`), SHOWS_WITHIN);
  });
});
