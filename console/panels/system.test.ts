import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../core/http-client.ts';
import { byTestId, eventually, exchangeWebCode, notReloaded, setField, SHOWS_WITHIN, startConsoleWorld, type ConsoleWorld } from '../test-support.ts';

let w: ConsoleWorld;
let page: Page;
let dir: string;

const faultRow = (mock: string, inner = '') => `${byTestId('fault-row')}[data-mock="${mock}"]${inner ? ` ${inner}` : ''}`;
const faultsOf = async (url: string) =>
  (
    await new HttpClient(url).get<{ faults: { endpoint: string; action: Record<string, unknown>; match: Record<string, string>; remaining: number }[] }>(
      '/__mock/faults',
    )
  ).body.faults;
const clockOf = async (url: string) => (await new HttpClient(url).get<{ offsetMs: number }>('/__mock/clock')).body;

beforeAll(async () => {
  w = await startConsoleWorld();
  dir = mkdtempSync(join(tmpdir(), 'wxmock-console-'));
});
afterAll(async () => {
  await w?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await w.reset();
  page = await w.open('system');
  await page.waitForSelector(byTestId('fault-none-wechat'), SHOWS_WITHIN);
});
afterEach(async () => {
  await page?.close();
});

describe('faults, clock and state panel', () => {
  it('queues a WeChat fault from the page; its firing through the API shows without a reload', async () => {
    await setField(page, byTestId('fault-endpoint'), '/sns/oauth2/access_token');
    await setField(page, byTestId('fault-code'), '45011');
    await setField(page, byTestId('fault-times'), '2');
    await setField(page, byTestId('fault-persona'), 'zhangsan');
    await page.click(byTestId('fault-add'));
    const [fault] = await eventually('fault queued', async () => {
      const f = await faultsOf(w.wechat.url);
      return f.length ? f : undefined;
    });
    expect(fault).toMatchObject({ endpoint: '/sns/oauth2/access_token', action: { errcode: 45011 }, match: { persona: 'zhangsan' }, remaining: 2 });
    await page.waitForSelector(faultRow('wechat', `${byTestId('fault-remaining')}`), SHOWS_WITHIN);

    const answer = await exchangeWebCode(w.wechat.url, await w.wechatControl.code('web', 'zhangsan'));
    expect(answer.errcode).toBe(45011);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '1 次', SHOWS_WITHIN, faultRow('wechat', byTestId('fault-remaining')));
    expect(await notReloaded(page)).toBe(true);
  });

  it('queues an SMS fault from the page and deletes faults from the page', async () => {
    await page.select(byTestId('fault-mock'), 'sms');
    await setField(page, byTestId('fault-endpoint'), 'sendsms');
    await setField(page, byTestId('fault-code'), 'isv.BUSINESS_LIMIT_CONTROL');
    await page.select(byTestId('fault-provider'), 'aliyun');
    await page.click(byTestId('fault-add'));
    const [fault] = await eventually('sms fault queued', async () => {
      const f = await faultsOf(w.sms.url);
      return f.length ? f : undefined;
    });
    expect(fault).toMatchObject({ endpoint: 'sendsms', action: { code: 'isv.BUSINESS_LIMIT_CONTROL' }, match: { provider: 'aliyun' } });
    await page.waitForSelector(faultRow('sms'), SHOWS_WITHIN);
    await page.click(faultRow('sms', byTestId('fault-delete')));
    await eventually('sms fault deleted', async () => (await faultsOf(w.sms.url)).length === 0);
    await page.waitForSelector(byTestId('fault-none-sms'), SHOWS_WITHIN);
  });

  it('shows a fault queued through the API', async () => {
    await w.wechatControl.fault({ endpoint: '/sns/jscode2session', errcode: 40226, times: 3 });
    await page.waitForSelector(`${faultRow('wechat')}[data-endpoint="/sns/jscode2session"]`, SHOWS_WITHIN);
    await page.click(byTestId('fault-clear-wechat'));
    await eventually('faults cleared', async () => (await faultsOf(w.wechat.url)).length === 0);
  });

  it('advances both mock clocks from the page, and shows a clock advanced through the API', async () => {
    await setField(page, byTestId('clock-amount'), '2');
    await page.select(byTestId('clock-unit'), '3600');
    await page.click(byTestId('clock-advance'));
    await eventually('clocks advanced', async () => (await clockOf(w.wechat.url)).offsetMs === 7_200_000 && (await clockOf(w.sms.url)).offsetMs === 7_200_000);
    await page.waitForSelector(`${byTestId('clock-wechat')}[data-offset="7200000"]`, SHOWS_WITHIN);

    await w.smsInbox.advanceClock(61);
    await page.waitForSelector(`${byTestId('clock-sms')}[data-offset="7261000"]`, SHOWS_WITHIN);
    await page.waitForSelector(`${byTestId('mock-status-sms')}[data-offset="7261000"]`, SHOWS_WITHIN);

    await page.click(byTestId('clock-reset'));
    await eventually('clocks back', async () => (await clockOf(w.wechat.url)).offsetMs === 0 && (await clockOf(w.sms.url)).offsetMs === 0);
  });

  it('resets both mocks from the page', async () => {
    await w.wechatControl.createPersona({ id: 'temp-user', nickname: '临时用户' });
    await w.smsInbox.fault({ code: 'isv.AMOUNT_NOT_ENOUGH' });
    await page.click(byTestId('reset-all'));
    await eventually(
      'reset',
      async () => (await w.wechatControl.http.get('/__mock/personas/temp-user')).status === 404 && (await faultsOf(w.sms.url)).length === 0,
    );
  });

  it('exports both mocks as one download and imports a file back', async () => {
    await w.wechatControl.createPersona({ id: 'in-export', nickname: '导出里的用户' });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await page.click(byTestId('state-export'));
    const file = await eventually('download', () => readdirSync(dir).find((f) => /^wxmock-state-.*\.json$/.test(f)));
    const doc = await eventually('download complete', () => {
      try {
        return JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
          format: string;
          wechat: { tables: { personas: { id: string }[] } };
          sms: { format: string };
        };
      } catch {
        return undefined;
      }
    });
    expect(doc.format).toBe('wxmock-sandbox');
    expect(doc.wechat.tables.personas.map((p) => p.id)).toContain('in-export');
    expect(doc.sms.format).toBe('wxmock-state');

    await w.reset();
    expect((await w.wechatControl.http.get('/__mock/personas/in-export')).status).toBe(404);
    const upload = join(dir, 'upload.json');
    writeFileSync(upload, JSON.stringify(doc));
    const input = (await page.$(byTestId('state-import'))) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(upload);
    await page.waitForSelector(`${byTestId('state-import-result')}[data-ok="true"]`, SHOWS_WITHIN);
    expect((await w.wechatControl.persona('in-export')).nickname).toBe('导出里的用户');
  });

  it('refuses a file that is not an export, and changes nothing', async () => {
    const upload = join(dir, 'bad.json');
    writeFileSync(upload, JSON.stringify({ format: 'something-else' }));
    const input = (await page.$(byTestId('state-import'))) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(upload);
    await page.waitForSelector(`${byTestId('state-import-result')}[data-ok="false"]`, SHOWS_WITHIN);
    expect((await w.wechatControl.persona('zhangsan')).nickname).toBe('张三');
  });
});
