// The login system's own SMS signing (sms-signing.ts) checked three ways: against what the official
// SDKs put on the wire (captured on loopback, and the fixed vectors of docs/wire/sms.md), and against
// mock-sms's verifier through SmsClient. The first two would catch a bug the mock shares.
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { aliyunClient, CAPTURED, tencentClient } from '../mock-sms/test-support.ts';
import { SEED_SMS } from './seed.ts';
import { SmsClient } from './sms-client.ts';
import { aliyunRpcSignature, aliyunSendRequest, rfc3986, tencentTc3Authorization } from './sms-signing.ts';

interface Captured {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback server that keeps each request and answers success in both providers' shapes. */
async function captureServer() {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req
      .setEncoding('utf8')
      .on('data', (d) => (body += d))
      .on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        res.end(
          req.headers['x-tc-action']
            ? JSON.stringify({ Response: { SendStatusSet: [], RequestId: 'r' } })
            : JSON.stringify({ RequestId: 'r', Code: 'OK', Message: 'OK', BizId: '1^0' }),
        );
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const KEYS = CAPTURED.keys;

describe('the login system signs SMS as the official SDKs do', () => {
  let capture: Awaited<ReturnType<typeof captureServer>>;
  beforeAll(async () => {
    capture = await captureServer();
  });
  afterAll(() => capture.close());

  it('Aliyun RPC: the Signature @alicloud/dysmsapi20170525 sent is the one aliyunRpcSignature computes from its parameters', async () => {
    const client = aliyunClient(capture.url, { v2: true, accessKeyId: KEYS.aliyunId, secret: KEYS.aliyunSecret });
    await client.sendSms(
      new SendSmsRequest({
        phoneNumbers: '13800138000',
        signName: "阿里云 短信*测试~!'()",
        templateCode: 'SMS_154950909',
        templateParam: '{"code":"12 34+56"}',
        outId: 'a/b?c=d&e',
      }),
    );
    const sent = capture.seen.at(-1)!;
    const params: Record<string, string> = {};
    for (const part of [new URL(sent.url, capture.url).search.slice(1), sent.body]) {
      for (const pair of part.split('&').filter(Boolean)) {
        const [k, v = ''] = pair.split('=');
        params[decodeURIComponent(k!)] = decodeURIComponent(v.replace(/\+/g, ' '));
      }
    }
    expect(params.SignatureMethod).toBe('HMAC-SHA1');
    expect(params.SignName).toBe("阿里云 短信*测试~!'()");
    expect(aliyunRpcSignature(params, KEYS.aliyunSecret)).toBe(params.Signature);
    expect(aliyunRpcSignature({ ...params, PhoneNumbers: '13800138001' }, KEYS.aliyunSecret)).not.toBe(params.Signature);
  });

  it('Tencent TC3: the Authorization tencentcloud-sdk-nodejs-sms sent is the one tencentTc3Authorization computes', async () => {
    const client = tencentClient(capture.url, { secretId: KEYS.tencentId, secretKey: KEYS.tencentSecret });
    await client.SendSms({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '腾讯云',
      TemplateId: '449739',
      TemplateParamSet: ['123456', '5'],
    });
    const sent = capture.seen.at(-1)!;
    const auth = String(sent.headers.authorization);
    // The Node SDK names the service after the endpoint's first label and signs the host without its port.
    const service = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(auth)![1]!;
    const mine = tencentTc3Authorization({
      secretId: KEYS.tencentId,
      secretKey: KEYS.tencentSecret,
      host: '127.0.0.1',
      contentType: String(sent.headers['content-type']),
      body: sent.body,
      service,
      timestamp: Number(sent.headers['x-tc-timestamp']),
    });
    expect(mine).toBe(auth);
  });

  it('reproduces the fixed vectors captured from the official SDKs (docs/wire/sms.md#captured-requests)', () => {
    const { aliyunRpc, tencentTc3 } = CAPTURED;
    expect(aliyunRpcSignature(aliyunRpc.params, KEYS.aliyunSecret)).toBe(aliyunRpc.signature);
    expect(
      tencentTc3Authorization({
        secretId: KEYS.tencentId,
        secretKey: KEYS.tencentSecret,
        host: tencentTc3.host,
        contentType: 'application/json',
        body: tencentTc3.body,
        service: '127',
        timestamp: tencentTc3.timestamp,
      }),
    ).toBe(tencentTc3.authorization);
  });

  it('percent-encodes the RFC 3986 way and lays the request out as SMS4J does', () => {
    expect(rfc3986("a b*c~d!'()/阿")).toBe('a%20b%2Ac~d%21%27%28%29%2F%E9%98%BF');
    const r = aliyunSendRequest({
      accessKeyId: 'AK',
      accessKeySecret: 'S',
      params: { PhoneNumbers: '+8613800138000', SignName: 'x' },
      nonce: 'n',
      now: new Date('2026-01-01T00:00:00.123Z'),
    });
    expect(r.query).toMatch(
      /^Signature=[^&]+&AccessKeyId=AK&Action=SendSms&Format=JSON&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1&SignatureNonce=n&SignatureVersion=1.0&Timestamp=2026-01-01T00%3A00%3A00Z&Version=2017-05-25$/,
    );
    expect(r.body).toBe('PhoneNumbers=%2B8613800138000&SignName=x');
  });
});

describe('mock-sms accepts what the login system sends', () => {
  let mock: StartedMockSms;
  beforeAll(async () => {
    mock = await startMockSms();
  });
  afterAll(() => mock.stop());

  for (const provider of ['aliyun', 'tencent'] as const) {
    it(`${provider}: a send lands in the inbox; a wrong secret is refused`, async () => {
      const { templateId, content: _content, ...config } = SEED_SMS[provider];
      const send = (secret: string, code: string) =>
        new SmsClient(mock.url).send({
          provider,
          config: { ...config, accessKeySecret: secret },
          templateId,
          param: provider === 'aliyun' ? 'code' : '1',
          phone: '13800138000',
          code,
        });
      expect(await send(config.accessKeySecret, '246810')).toEqual({ ok: true });
      const latest = (await new HttpClient(mock.url).get('/__mock/sms/latest', { query: { phone: '13800138000', provider } })).body;
      expect(latest.message).toMatchObject({ provider, code: '246810', signatureScheme: provider === 'aliyun' ? 'RPC-HMAC-SHA1' : 'TC3-HMAC-SHA256' });
      const refused = await send(`${config.accessKeySecret}x`, '135790');
      expect(refused.ok).toBe(false);
      expect(refused.ok === false && refused.message).toMatch(provider === 'aliyun' ? /^SignatureDoesNotMatch/ : /^AuthFailure\.SignatureFailure/);
    });
  }
});
