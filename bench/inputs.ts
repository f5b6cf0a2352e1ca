import { defaultApps } from '../mock-wechat/world/default-world.ts';
import { defaultKeys } from '../mock-sms/world/default-world.ts';
import { percentEncode } from '../mock-sms/signing/aliyun-rpc.ts';
import { signV3Request } from '../mock-sms/signing/aliyun-v3.ts';
import { tc3JsonHeaders } from '../mock-sms/signing/tencent-tc3.ts';
import type { Shot } from './load.ts';

/** What the benchmarks send as: the default world's apps, SMS keys and persona. */
const app = (key: string) => defaultApps.find((a) => a.key === key)!;
export const WEB = app('web');
export const MINI = app('mini');
const ALIYUN = defaultKeys.find((k) => k.provider === 'aliyun')!;
const TENCENT = defaultKeys.find((k) => k.provider === 'tencent')!;
export const PERSONA = 'zhangsan';

/** Distinct mainland numbers, so flow control (on, as by default) never refuses a send. */
let phoneSeq = 0;
const nextPhone = () => String(13_000_000_000 + ++phoneSeq);

/** An Aliyun SendSms to mock-sms at `host`, V3 signature (ACS3-HMAC-SHA256), signed now. */
export function aliyunSendSms(host: string): Shot {
  const query = { PhoneNumbers: nextPhone(), SignName: 'wxmock', TemplateCode: 'SMS_460000001', TemplateParam: '{"code":"123456"}' };
  const headers = signV3Request({ accessKeyId: ALIYUN.id, accessKeySecret: ALIYUN.secret, host, action: 'SendSms', query });
  const qs = Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  return { method: 'POST', path: `/?${qs}`, headers };
}

/** A Tencent SendSms to mock-sms at `host`, TC3-HMAC-SHA256, signed now. */
export function tencentSendSms(host: string): Shot {
  const body = JSON.stringify({
    PhoneNumberSet: [`+86${nextPhone()}`],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: ['123456'],
  });
  return { method: 'POST', path: '/', headers: tc3JsonHeaders({ secretId: TENCENT.id, secretKey: TENCENT.secret, host, body }), body };
}
