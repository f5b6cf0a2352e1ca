import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { createMockSms, startMockSms, type MockSms, type StartedMockSms } from '../app.ts';
import { closeDatabase, write } from '../../core/db.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { HttpClient } from '../../core/http-client.ts';
import { openSmsDb } from '../db.ts';
import { aliyunClient, ALIYUN_KEY, eventually, tencentClient, TENCENT_KEY } from '../test-support.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let phoneSeq = 0;
/** A fresh number per send, so flow control never gets in the way. */
const nextPhone = () => `1390013${String(1000 + phoneSeq++)}`;

const aliyunSend = (url: string, opts: { secret?: string } = {}) =>
  aliyunClient(url, opts)
    .sendSms(
      new SendSmsRequest({ phoneNumbers: nextPhone(), signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code: '424242' }) }),
    )
    .then((r) => ({ code: r.body?.code, bizId: r.body?.bizId }))
    .catch((e: { code?: string }) => ({ code: e.code, bizId: undefined }));

const tencentSend = (url: string) =>
  tencentClient(url)
    .SendSms({ PhoneNumberSet: [`+86${nextPhone()}`], SmsSdkAppId: '1400000001', SignName: 'wxmock', TemplateId: '1000001', TemplateParamSet: ['424242'] })
    .then((r) => r.SendStatusSet![0]!.Code);

async function control(mock: StartedMockSms, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new HttpClient(mock.url).request(method, `/__mock${path}`, { body });
}

/** The text of the newest message in the inbox. */
async function lastText(mock: StartedMockSms): Promise<string> {
  return (await control(mock, 'GET', '/sms/messages?limit=1')).body.messages[0].text;
}

describe('world cache over the API', () => {
  let mock: StartedMockSms;
  beforeEach(async () => {
    mock = await startMockSms();
  });
  afterEach(async () => {
    await mock.stop();
  });

  it('sees every key, sign and template change made through the control API at once', async () => {
    // Each send first reads (and keeps) the key, the sign and the template.
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect((await control(mock, 'PATCH', '/sms/templates/SMS_460000001?provider=aliyun', { text: '新模板 ${code}' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect(await lastText(mock)).toBe('【wxmock】新模板 424242');

    expect((await control(mock, 'PATCH', '/sms/signs/wxmock?provider=aliyun', { status: 'pending' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('isv.SMS_SIGNATURE_ILLEGAL');
    expect((await control(mock, 'PATCH', '/sms/signs/wxmock?provider=aliyun', { status: 'approved' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');

    expect((await control(mock, 'PATCH', `/sms/keys/${ALIYUN_KEY.id}`, { secret: 'rotatedSecret000000000000000001' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('SignatureDoesNotMatch');
    expect((await aliyunSend(mock.url, { secret: 'rotatedSecret000000000000000001' })).code).toBe('OK');

    expect((await control(mock, 'DELETE', `/sms/keys/${ALIYUN_KEY.id}`)).status).toBe(200);
    expect((await aliyunSend(mock.url, { secret: 'rotatedSecret000000000000000001' })).code).toBe('InvalidAccessKeyId.NotFound');
    expect((await control(mock, 'POST', '/sms/keys', { provider: 'aliyun', id: ALIYUN_KEY.id, secret: ALIYUN_KEY.secret })).status).toBe(201);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
  });

  it('sees a Tencent template deleted and a key deactivated', async () => {
    expect(await tencentSend(mock.url)).toBe('Ok');
    expect((await control(mock, 'DELETE', '/sms/templates/1000001?provider=tencent')).status).toBe(200);
    expect(await tencentSend(mock.url)).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    expect((await control(mock, 'PATCH', `/sms/keys/${TENCENT_KEY.id}`, { status: 'inactive' })).status).toBe(200);
    const err: any = await tencentSend(mock.url).catch((e: unknown) => e);
    expect(err.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('sees a whole new world loaded with PUT /config', async () => {
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    const loaded = await control(mock, 'PUT', '/sms/config', { templates: [{ provider: 'aliyun', id: 'SMS_460000001', text: '配置 ${code}' }] });
    expect(loaded.status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect(await lastText(mock)).toBe('【wxmock】配置 424242');
  });

  it('forgets what it read after a state import', async () => {
    const saved = (await control(mock, 'GET', '/state')).body;
    expect((await control(mock, 'PATCH', '/sms/templates/SMS_460000001?provider=aliyun', { text: '导出之后 ${code}' })).status).toBe(200);
    expect((await control(mock, 'PATCH', '/sms/signs/wxmock?provider=aliyun', { status: 'rejected' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('isv.SMS_SIGNATURE_ILLEGAL');
    expect((await control(mock, 'PATCH', '/sms/signs/wxmock?provider=aliyun', { status: 'approved' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect(await lastText(mock)).toBe('【wxmock】导出之后 424242');

    // A failed import changes nothing, the cache included.
    expectControlError(await control(mock, 'PUT', '/state', { ...saved, tables: { ...saved.tables, sms_keys: [{ key_id: null }] } }), 'bad_state');
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect(await lastText(mock)).toBe('【wxmock】导出之后 424242');

    expect((await control(mock, 'PUT', '/state', saved)).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
    expect(await lastText(mock)).toBe('【wxmock】您的验证码为：424242，5分钟内有效，请勿泄露于他人！');
  });

  it('forgets what it read on reset', async () => {
    expect((await control(mock, 'PATCH', '/sms/templates/SMS_460000001?provider=aliyun', { status: 'pending' })).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('isv.SMS_TEMPLATE_ILLEGAL');
    expect((await control(mock, 'POST', '/reset')).status).toBe(200);
    expect((await aliyunSend(mock.url)).code).toBe('OK');
  });
});

describe('world cache and the database', () => {
  let mock: MockSms;
  beforeEach(() => {
    mock = createMockSms();
  });
  afterEach(() => mock.close());

  it('keeps what it found, frozen, and reads a miss again every time', () => {
    const { world, db } = mock.ctx;
    const key = world.getKey(ALIYUN_KEY.id, 'aliyun')!;
    expect(world.getKey(ALIYUN_KEY.id, 'aliyun')).toBe(key);
    expect(world.getKey(ALIYUN_KEY.id, 'tencent')).toBeUndefined();
    expect(Object.isFrozen(key)).toBe(true);
    expect(() => {
      (key as { secret: string }).secret = 'changed';
    }).toThrow(TypeError);
    const tencentKey = world.getKey(TENCENT_KEY.id)!;
    expect(() => tencentKey.sdkAppIds.push('1400009999')).toThrow(TypeError);

    expect(world.getSign('aliyun', 'later')).toBeUndefined();
    // A row written around the store, in the same turn: a kept miss would hide it.
    write(db, ['sms_signs'], "INSERT INTO sms_signs(provider, name, status) VALUES ('aliyun', 'later', 'approved')");
    expect(world.getSign('aliyun', 'later')).toEqual({ provider: 'aliyun', name: 'later', status: 'approved' });
  });

  it('sees a change made through a unit of work of its own tables at the next read, with no call to the store', () => {
    const { world, db } = mock.ctx;
    expect(world.getTemplate('aliyun', 'SMS_460000001')?.status).toBe('approved');
    write(db, ['sms_templates'], "UPDATE sms_templates SET status = 'rejected' WHERE template_id = 'SMS_460000001'");
    expect(world.getTemplate('aliyun', 'SMS_460000001')?.status).toBe('rejected');
  });

  it('keeps nothing inside a unit of work of its tables, so a rollback leaves no stale entry', () => {
    const { world, db } = mock.ctx;
    expect(world.getSign('aliyun', 'wxmock')?.status).toBe('approved');
    expect(() =>
      write(db, ['sms_signs'], () => {
        world.updateSigns('wxmock', { status: 'pending' }, 'aliyun');
        expect(world.getSign('aliyun', 'wxmock')?.status).toBe('pending');
        expect(world.getTemplate('aliyun', 'SMS_460000001')?.status).toBe('approved');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(world.getSign('aliyun', 'wxmock')?.status).toBe('approved');
  });

  it('forgets everything when another connection commits to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-sms-cache-'));
    dirs.push(dir);
    const file = join(dir, 'sms.db');
    const own = createMockSms({ dbFile: file });
    try {
      expect(own.ctx.world.getTemplate('aliyun', 'SMS_460000001')?.text).toContain('您的验证码为');
      // The mock's pending group commit holds the write lock until it commits.
      await eventually(() => !own.ctx.db.inTransaction);
      const other = openSmsDb(file);
      write(other, ['sms_templates'], "UPDATE sms_templates SET text = '别处改的 ${code}' WHERE template_id = 'SMS_460000001'");
      closeDatabase(other);
      // data_version is read once per event-loop turn.
      const seen = await eventually(() => own.ctx.world.getTemplate('aliyun', 'SMS_460000001')?.text === '别处改的 ${code}');
      expect(seen).toBe(true);
    } finally {
      own.close();
    }
  });
});
