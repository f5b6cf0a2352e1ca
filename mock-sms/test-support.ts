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
