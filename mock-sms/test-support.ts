import * as DysmsModule from '@alicloud/dysmsapi20170525';
import { Config } from '@alicloud/openapi-client';
import * as tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from './app.ts';
import { defaultKeys } from './world/default-world.ts';

/** Helpers for the tests: official SDK clients pointed at a running mock over plain HTTP. */

export const ALIYUN_KEY = defaultKeys.find((k) => k.provider === 'aliyun')!;
export const TENCENT_KEY = defaultKeys.find((k) => k.provider === 'tencent')!;

/**
 * Requests the official SDKs sent on loopback, with the fake keys they were given
 * (docs/wire/sms.md#captured-requests): mock-sms's verifier and reference-login's own signing are
 * both checked against them, each with its own code.
 */
export const CAPTURED = {
  keys: {
    aliyunId: 'LTAI5tFAKEFAKEFAKEFAKE01',
    aliyunSecret: 'FakeSecretFakeSecretFakeSecret01',
    tencentId: 'AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE0001',
    tencentSecret: 'FakeTencentSecretKeyFakeKey00001',
  },
  /** Aliyun RPC (HMAC-SHA1): every signed parameter, and the Signature the SDK put beside them. */
  aliyunRpc: {
    params: {
      Action: 'SendSms',
      Format: 'json',
      Version: '2017-05-25',
      Timestamp: '2026-11-24T05:41:18Z',
      SignatureNonce: 'a5a1733d5be31b5496b5ba90121d6a8b6bc5caacc3852398e3b2e13ff7901522',
      OutId: 'order-42',
      PhoneNumbers: '13800138000',
      SignName: '阿里云短信测试',
      TemplateCode: 'SMS_154950909',
      TemplateParam: '{"code":"123456"}',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: 'LTAI5tFAKEFAKEFAKEFAKE01',
    },
    signature: 'QpxBKlhTTcz4fgOustwMnSIF4dw=',
  },
  /** Tencent TC3 from the Node SDK: its host without the port, the service "127" (named after the endpoint). */
  tencentTc3: {
    host: '127.0.0.1',
    timestamp: 1795498878,
    body: '{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400006666","SignName":"腾讯云","TemplateId":"449739","TemplateParamSet":["123456","5"],"SessionContext":"ctx-1"}',
    authorization:
      'TC3-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE0001/2026-11-24/127/tc3_request, SignedHeaders=content-type;host, Signature=78a1bdafc50aed6bed634cc425f355bb720161fd6aa8270eb4de58f865326a93',
  },
};

export type AliyunSmsClient = InstanceType<typeof DysmsModule.default.default>;
// A CommonJS module with `exports.default`: vitest hands over the class, plain Node the exports object.
const Dysms: typeof DysmsModule.default.default = (DysmsModule as any).default?.default ?? (DysmsModule as any).default;

export function aliyunClient(url: string, opts: { v2?: boolean; secret?: string; accessKeyId?: string } = {}): AliyunSmsClient {
  const config = new Config({
    accessKeyId: opts.accessKeyId ?? ALIYUN_KEY.id,
    accessKeySecret: opts.secret ?? ALIYUN_KEY.secret,
    endpoint: new URL(url).host,
    protocol: 'http',
    ...(opts.v2 ? { signatureAlgorithm: 'v2' } : {}),
  });
  return new Dysms(config as never);
}

export type TencentSmsClient = InstanceType<typeof tencentcloud.sms.v20210111.Client>;

export function tencentClient(url: string, opts: { secretKey?: string; secretId?: string } = {}): TencentSmsClient {
  return new tencentcloud.sms.v20210111.Client({
    credential: { secretId: opts.secretId ?? TENCENT_KEY.id, secretKey: opts.secretKey ?? TENCENT_KEY.secret },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: new URL(url).host, protocol: 'http://' } },
  });
}

/** GET /__mock/sms/code for a phone: the last code the inbox holds (404 when none). */
export async function inboxCode(url: string, phone: string): Promise<{ status: number; body: any }> {
  return new HttpClient(url).get('/__mock/sms/code', { query: { phone } });
}

/** Polls `fn` until it returns something truthy or the deadline passes (no fixed sleeps in tests). */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One mock (":memory:", port 0) for the calling file, reset before each test; read `.mock` and its test client `.http` inside tests. */
export function useMockSms(): { mock: StartedMockSms; http: HttpClient } {
  const holder = {} as { mock: StartedMockSms; http: HttpClient };
  beforeAll(async () => {
    holder.mock = await startMockSms();
    holder.http = new HttpClient(holder.mock.url);
  });
  afterAll(async () => {
    await holder.mock?.stop();
  });
  beforeEach(() => holder.mock.reset());
  return holder;
}
