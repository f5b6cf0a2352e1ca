import { describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { expectControlError } from '../../core/control-test-support.ts';
import { aliyunClient, eventually, tencentClient, useMockSms } from '../test-support.ts';

const t = useMockSms();

const get = (path: string) => t.http.get(path);
const aliyunSend = (phone: string, code: string) =>
  aliyunClient(t.mock.url).sendSms(
    new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code }) }),
  );
const tencentSend = (phone: string, code: string) =>
  tencentClient(t.mock.url).SendSms({
    PhoneNumberSet: [phone],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: [code],
  });

describe('inbox API', () => {
  it('lists newest first, filtered by phone (any spelling), provider and since', async () => {
    await aliyunSend('13800138000', '111111');
    await tencentSend('+8613800138001', '222222');
    const mid = t.mock.ctx.clock.now();
    t.mock.ctx.clock.advance(1000);
    await tencentSend('008613800138000', '333333');
    const all = await get('/__mock/sms/messages');
    expect(all.body.messages.map((m: any) => m.code)).toEqual(['333333', '222222', '111111']);
    expect(Object.keys(all.body.messages[0]).sort()).toEqual(
      ['bizId', 'code', 'id', 'params', 'phone', 'provider', 'receivedAt', 'requestId', 'signName', 'signatureScheme', 'status', 'template', 'text'].sort(),
    );
    expect((await get('/__mock/sms/messages?phone=8613800138000')).body.messages.map((m: any) => m.code)).toEqual(['333333', '111111']);
    expect((await get('/__mock/sms/messages?phone=%2B8613800138000&provider=aliyun')).body.messages.map((m: any) => m.code)).toEqual(['111111']);
    expect((await get(`/__mock/sms/messages?since=${mid + 1}`)).body.messages.map((m: any) => m.code)).toEqual(['333333']);
    expect((await get('/__mock/sms/messages?limit=1')).body.messages).toHaveLength(1);
  });

  it('latest and code answer 404 {error} before any message, then the newest', async () => {
    expectControlError(await get('/__mock/sms/latest?phone=13800138000'), 'no_message');
    expectControlError(await get('/__mock/sms/code?phone=13800138000'), 'no_code');
    await aliyunSend('13800138000', '424242');
    const code = await get('/__mock/sms/code?phone=13800138000');
    expect(code.body).toMatchObject({ phone: '+8613800138000', code: '424242' });
    expect(code.body.messageId).toBe((await get('/__mock/sms/latest?phone=13800138000')).body.message.id);
  });

  it('clears one phone or everything', async () => {
    await aliyunSend('13800138000', '1');
    await aliyunSend('13800138001', '2');
    expect((await t.http.delete('/__mock/sms/messages?phone=13800138000')).body.deleted).toBe(1);
    expect((await get('/__mock/sms/messages')).body.messages).toHaveLength(1);
    await t.http.delete('/__mock/sms/messages');
    expect((await get('/__mock/sms/messages')).body.messages).toHaveLength(0);
  });

  it('bad query values get the control error shape', async () => {
    expectControlError(await get('/__mock/sms/latest'), 'missing_phone');
    expectControlError(await get('/__mock/sms/code?phone=12345'), 'bad_phone');
    expectControlError(await get('/__mock/sms/messages?since=yesterday'), 'bad_since');
    expectControlError(await get('/__mock/sms/messages?provider=qq'), 'bad_provider');
    expectControlError(await get('/__mock/sms/messages?limit=0'), 'bad_limit');
    expectControlError(await get('/__mock/sms/wait?phone=13800138000&timeoutMs=-1'), 'bad_timeout');
    expectControlError(await t.http.delete('/__mock/sms/flow?phone=12345'), 'bad_phone');
  });
});

describe('long-poll wait', () => {
  it('returns within 100 ms of a send when it waits first and the send comes second', async () => {
    let resolvedAt = 0;
    const waiting = t.http.fetch('GET', '/__mock/sms/wait?phone=13800138000&timeoutMs=10000').then(async (res) => {
      resolvedAt = performance.now();
      return { status: res.status, body: (await res.json()) as any };
    });
    await eventually(() => t.mock.ctx.inbox.waiting() > 0);
    const sendStarted = performance.now();
    await tencentSend('+8613800138000', '777777');
    const sentAt = performance.now();
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ phone: '+8613800138000', code: '777777', provider: 'tencent' });
    expect(resolvedAt).toBeGreaterThan(sendStarted);
    expect(resolvedAt - sentAt).toBeLessThan(100);
  });

  it('ignores other phones, then times out with 408 {error:{code:"timeout"}}', async () => {
    const waiting = get('/__mock/sms/wait?phone=13800138000&timeoutMs=300');
    await eventually(() => t.mock.ctx.inbox.waiting() > 0);
    await aliyunSend('13800138009', '1');
    expectControlError(await waiting, 'timeout');
    expect(t.mock.ctx.inbox.waiting()).toBe(0);
  });

  it('with since, a message already received answers at once', async () => {
    const since = t.mock.ctx.clock.now();
    await aliyunSend('13800138000', '909090');
    const res = await get(`/__mock/sms/wait?phone=13800138000&timeoutMs=1000&since=${since}`);
    expect(res.body.message.code).toBe('909090');
  });

  it('a client that gives up releases its waiter', async () => {
    const ac = new AbortController();
    const waiting = t.http.get('/__mock/sms/wait?phone=13800138000&timeoutMs=10000', { signal: ac.signal }).catch(() => 'aborted');
    await eventually(() => t.mock.ctx.inbox.waiting() > 0);
    ac.abort();
    expect(await waiting).toBe('aborted');
    await eventually(() => t.mock.ctx.inbox.waiting() === 0);
  });
});
