import { sleep } from '../../core/faults.ts';
import type { SmsCtx } from '../context.ts';
import { takeSendFault } from '../faults.ts';
import { aliyunBizId } from '../ids.ts';
import type { SignatureScheme } from '../inbox.ts';
import { isMainlandMobile, normalisePhone } from '../phone.ts';
import { extractCode, missingAliyunParams, renderAliyun, withSign } from '../templates.ts';
import type { SmsKey, SmsTemplate } from '../world/types.ts';
import { businessError, faultError, gatewayError, missingParam } from './errors.ts';

/** One recipient of a send: number, sign and params as Dysmsapi resolved them. */
export interface AliyunRecipient {
  phone: string;
  signName: string;
  params: Record<string, string>;
}

export interface AliyunSendContext {
  ctx: SmsCtx;
  key: SmsKey;
  scheme: SignatureScheme;
  requestId: string;
  outId: string | null;
}

/** PhoneNumbers entries → E.164; any bad one fails the whole call as Dysmsapi does. */
export function aliyunPhones(raw: string[], max: number): string[] {
  if (raw.length > max) throw businessError('isv.MOBILE_COUNT_OVER_LIMIT');
  return raw.map((r) => {
    const e164 = normalisePhone(r);
    if (!e164 || !isMainlandMobile(e164)) throw businessError('isv.MOBILE_NUMBER_ILLEGAL');
    return e164;
  });
}

/** TemplateParam: a JSON object of string values, or nothing. */
export function aliyunTemplateParam(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === '') return {};
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      throw businessError('isv.INVALID_JSON_PARAM');
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw businessError('isv.INVALID_JSON_PARAM');
  if (Object.values(v).some((x) => typeof x !== 'string')) throw businessError('isv.INVALID_JSON_PARAM');
  return v as Record<string, string>;
}

export function approvedSign(ctx: SmsCtx, name: string): void {
  if (ctx.world.getSign('aliyun', name)?.status !== 'approved') throw businessError('isv.SMS_SIGNATURE_ILLEGAL');
}

export function approvedTemplate(ctx: SmsCtx, code: string): SmsTemplate {
  const t = ctx.world.getTemplate('aliyun', code);
  if (t?.status !== 'approved') throw businessError('isv.SMS_TEMPLATE_ILLEGAL');
  return t;
}

export function requireParams(params: Record<string, string>, names: string[]): void {
  for (const n of names) if (!params[n]) throw missingParam(n);
}

/**
 * The shared tail of SendSms and SendBatchSms once the request is valid: faults, flow control,
 * counters, inbox. Returns the BizId; throws an AliyunError to refuse.
 */
export async function deliverAliyun(
  s: AliyunSendContext,
  endpoint: 'sendsms' | 'sendbatchsms',
  template: SmsTemplate,
  recipients: AliyunRecipient[],
): Promise<string> {
  const { ctx } = s;
  for (const r of recipients) {
    const missing = missingAliyunParams(template.text, r.params);
    if (missing.length) throw businessError('isv.TEMPLATE_MISSING_PARAMETERS', `模板缺少变量:${missing.join(',')}`);
  }
  const undelivered = new Set<string>();
  let delay = 0;
  for (const r of recipients) {
    const f = takeSendFault(ctx, endpoint, 'aliyun', r.phone);
    if (!f) continue;
    delay = Math.max(delay, f.delayMs ?? 0);
    if (f.code || f.httpStatus) {
      if (delay) await sleep(delay);
      throw f.code ? faultError(f.code, f.message, f.httpStatus) : gatewayError(f.httpStatus === 503 ? 'ServiceUnavailable' : 'InternalError');
    }
    if (f.mode === 'undelivered') undelivered.add(r.phone);
  }
  if (delay) await sleep(delay);
  for (const r of recipients) {
    const refused = ctx.flow.checkAliyun(r.phone, r.signName);
    if (refused) throw businessError(refused.code, refused.message);
  }
  const bizId = aliyunBizId();
  for (const r of recipients) {
    const text = withSign(r.signName, renderAliyun(template.text, r.params));
    ctx.flow.record('aliyun', r.phone, r.signName, text);
    ctx.inbox.store({
      provider: 'aliyun',
      phone: r.phone,
      signName: r.signName,
      template: template.id,
      params: r.params,
      code: extractCode('aliyun', r.params, template.text),
      text,
      status: undelivered.has(r.phone) ? 'undelivered' : 'delivered',
      requestId: s.requestId,
      bizId,
      signatureScheme: s.scheme,
      keyId: s.key.id,
      outId: s.outId,
    });
  }
  return bizId;
}

/** SendSms: one sign, one template, one TemplateParam, comma-separated numbers (≤ 1000). */
export async function sendSms(s: AliyunSendContext, p: Record<string, string>): Promise<string> {
  requireParams(p, ['PhoneNumbers', 'SignName', 'TemplateCode']);
  const phones = aliyunPhones(
    p.PhoneNumbers!.split(',').map((x) => x.trim()),
    1000,
  );
  approvedSign(s.ctx, p.SignName!);
  const template = approvedTemplate(s.ctx, p.TemplateCode!);
  const params = aliyunTemplateParam(p.TemplateParam);
  return deliverAliyun(
    s,
    'sendsms',
    template,
    phones.map((phone) => ({ phone, signName: p.SignName!, params })),
  );
}
