import { aliyunSendRequest, tencentSendHeaders } from './sms-signing.ts';

export interface SmsSend {
  /** notify_channel.provider: "alibaba" or "tencent" */
  provider: string;
  /** SMS4J provider config from notify_channel.config_content */
  config: Record<string, string>;
  templateId: string;
  /** the template's first placeholder: "code" (Aliyun ${code}) or "1" (Tencent {1}) */
  param: string;
  phone: string;
  code: string;
}

export type SmsResult = { ok: true } | { ok: false; message: string };

const TIMEOUT_MS = 10_000;

/** "127.0.0.1:7702" or a full URL → base URL without a trailing slash (the sandbox speaks http). */
function smsBase(endpoint: string): string {
  const withScheme = /^https?:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * Sends a verification code the way SMS4J (FastBee's SMS library) does, to a configurable endpoint
 * instead of the providers' https hosts: Aliyun with the legacy RPC HMAC-SHA1 signature and a form
 * body, Tencent with TC3-HMAC-SHA256 over a JSON body, service "sms", host signed with its port.
 * Mass texting writes +86 before each number, as SMS4J does. The signing is this system's own
 * (sms-signing.ts), so the mock's verifier checks an independent client.
 */
export class SmsClient {
  private readonly base: string;

  constructor(endpoint: string) {
    this.base = smsBase(endpoint);
  }

  async send(s: SmsSend): Promise<SmsResult> {
    const phone = s.phone.startsWith('+') ? s.phone : `+86${s.phone}`;
    try {
      if (s.provider === 'alibaba' || s.provider === 'aliyun') return await this.aliyun(s, phone);
      if (s.provider === 'tencent') return await this.tencent(s, phone);
      return { ok: false, message: `unsupported provider ${s.provider}` };
    } catch (e) {
      return { ok: false, message: `SMS gateway unreachable: ${(e as Error).message}` };
    }
  }

  private async aliyun(s: SmsSend, phone: string): Promise<SmsResult> {
    const req = aliyunSendRequest({
      accessKeyId: s.config.accessKeyId ?? '',
      accessKeySecret: s.config.accessKeySecret ?? '',
      regionId: s.config.regionId,
      params: { PhoneNumbers: phone, SignName: s.config.signature ?? '', TemplateCode: s.templateId, TemplateParam: JSON.stringify({ [s.param]: s.code }) },
    });
    const res = await fetch(`${this.base}/?${req.query}`, {
      method: 'POST',
      body: req.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string };
    if (body.Code === 'OK') return { ok: true };
    return { ok: false, message: `${body.Code ?? `HTTP ${res.status}`}${body.Message ? ` ${body.Message}` : ''}` };
  }

  private async tencent(s: SmsSend, phone: string): Promise<SmsResult> {
    const host = new URL(this.base).host;
    const body = JSON.stringify({
      PhoneNumberSet: [phone],
      SmsSdkAppId: s.config.sdkAppId ?? '',
      SignName: s.config.signature ?? '',
      TemplateId: s.templateId,
      TemplateParamSet: [s.code],
    });
    // fetch sends the URL's host:port as Host, which is what SMS4J signs.
    const headers = tencentSendHeaders({
      secretId: s.config.accessKeyId ?? '',
      secretKey: s.config.accessKeySecret ?? '',
      host,
      body,
      region: s.config.territory,
      service: s.config.service,
    });
    const res = await fetch(`${this.base}/`, { method: 'POST', body, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const json = (await res.json().catch(() => ({}))) as {
      Response?: { Error?: { Code?: string; Message?: string }; SendStatusSet?: { Code?: string; Message?: string }[] };
    };
    const r = json.Response;
    if (!r) return { ok: false, message: `HTTP ${res.status}` };
    if (r.Error) return { ok: false, message: `${r.Error.Code ?? ''} ${r.Error.Message ?? ''}`.trim() };
    const bad = (r.SendStatusSet ?? []).find((x) => x.Code !== 'Ok');
    if (bad || !r.SendStatusSet?.length) return { ok: false, message: bad ? `${bad.Code ?? ''} ${bad.Message ?? ''}`.trim() : 'empty SendStatusSet' };
    return { ok: true };
  }
}
