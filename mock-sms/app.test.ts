import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { expectControlError } from '../core/control-test-support.ts';
import { HttpClient } from '../core/http-client.ts';
import { createMockSms, smsBannerLines, startMockSms } from './app.ts';
import { closeDatabase } from '../core/db.ts';
import { openSmsDb } from './db.ts';
import { aliyunClient, ALIYUN_KEY, tencentClient, TENCENT_KEY } from './test-support.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const aliyunSend = (url: string, phone: string, code: string) =>
  aliyunClient(url).sendSms(
    new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code }) }),
  );

describe('mock-sms app', () => {
  it('reset empties the inbox, counters, faults and clock and restores the configured world', async () => {
    const mock = await startMockSms({ config: { options: { aliyunPerMinute: 2 } } });
    const http = new HttpClient(mock.url);
    try {
      await aliyunSend(mock.url, '13800138000', '1');
      await http.delete(`/__mock/sms/keys/${ALIYUN_KEY.id}`);
      await http.post('/__mock/clock', { advanceSeconds: 60 });
      await http.patch('/__mock/sms/options', { aliyunPerMinute: 9 });
      expect((await http.post('/__mock/reset')).body.reset).toBe(true);
      expect(mock.ctx.inbox.list({ all: true })).toHaveLength(0);
      expect(mock.ctx.world.getKey(ALIYUN_KEY.id)).toBeDefined();
      expect(mock.ctx.clock.offsetMs).toBe(0);
      expect(mock.ctx.options.get().aliyunPerMinute).toBe(2);
    } finally {
      await mock.stop();
    }
  });

  it('keeps state in a SQLite file across restarts, and export/import moves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-sms-'));
    dirs.push(dir);
    const file = join(dir, 'sms.db');
    const first = await startMockSms({ dbFile: file });
    await aliyunSend(first.url, '13800138000', '271828');
    const state = (await new HttpClient(first.url).get('/__mock/state')).body;
    expect(state.tables.sms_messages).toHaveLength(1);
    expect(state.tables.journal).toBeUndefined();
    await first.stop();

    const second = await startMockSms({ dbFile: file });
    const http = new HttpClient(second.url);
    expect((await http.get('/__mock/sms/code?phone=13800138000')).body.code).toBe('271828');
    await http.delete('/__mock/sms/messages');
    expect((await http.put('/__mock/state', state)).status).toBe(200);
    expect((await http.get('/__mock/sms/code?phone=13800138000')).body.code).toBe('271828');
    await second.stop();

    // The CLI opens the file directly for export/import.
    const db = openSmsDb(file);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sms_messages').get() as { n: number }).n).toBe(1);
    closeDatabase(db);
  });

  it('journals gateway calls with the phone tagged and signatures masked; the control API stays out', async () => {
    const mock = await startMockSms();
    const http = new HttpClient(mock.url);
    try {
      await aliyunSend(mock.url, '13800138000', '1');
      await tencentClient(mock.url).SendSms({
        PhoneNumberSet: ['+8613800138001'],
        SmsSdkAppId: '1400000001',
        SignName: 'wxmock',
        TemplateId: '1000001',
        TemplateParamSet: ['2'],
      });
      await http.get('/__mock/sms/keys');
      const { entries } = (await http.get('/__mock/journal')).body;
      expect(entries).toHaveLength(2);
      expect(entries.map((e: any) => e.phone)).toEqual(['+8613800138001', '+8613800138000']);
      expect(entries[0].appid).toBe('1400000001');
      for (const e of entries) {
        expect(e.request.headers.authorization).toMatch(/Signature=[0-9a-f]{3}\*\*\*\*[0-9a-f]{2}$/);
        expect(e.response.body).toBeTypeOf('object');
      }
      const text = JSON.stringify(entries);
      expect(text).not.toContain(ALIYUN_KEY.secret);
      expect(text).not.toContain(TENCENT_KEY.secret);
      expect((await http.get('/__mock/journal?phone=8613800138000')).body.entries).toHaveLength(1);
    } finally {
      await mock.stop();
    }
  });

  it('requires the control token on /__mock/ when one is set, not on the gateway', async () => {
    const mock = await startMockSms({ controlToken: 't0ken' });
    const http = new HttpClient(mock.url);
    try {
      expectControlError(await http.get('/__mock/sms/messages'), 'unauthorized');
      expect((await http.get('/__mock/sms/messages', { headers: { 'x-wxmock-token': 't0ken' } })).status).toBe(200);
      expect((await aliyunSend(mock.url, '13800138000', '1')).body?.code).toBe('OK');
    } finally {
      await mock.stop();
    }
  });

  it('banner lists keys, signs and templates; a GET / says what the service is', async () => {
    const mock = createMockSms();
    const lines = smsBannerLines({ ...mock, url: 'http://127.0.0.1:7702' }).join('\n');
    expect(lines).toContain('http://127.0.0.1:7702/__mock/sms/messages');
    expect(lines).toContain(`${ALIYUN_KEY.id}  secret ${ALIYUN_KEY.secret}`);
    expect(lines).toContain('SmsSdkAppId 1400000001');
    expect(lines).toContain('SMS_460000001');
    expect(lines).toContain('1000001');
    const res = await new HttpClient(mock.app).get('/');
    expect(res.body.service).toBe('wxmock mock-sms');
    mock.close();
  });

  it('refuses a config it cannot load', () => {
    expect(() => createMockSms({ config: { keys: [{ provider: 'aliyun', id: 'a', secret: '' }] } })).toThrow(/secret/);
    expect(() => createMockSms({ config: { options: { tencentPlacement: 'both' } } })).toThrow(/tencentPlacement/);
  });
});
