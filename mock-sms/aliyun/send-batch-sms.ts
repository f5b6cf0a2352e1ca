import { businessError } from './errors.ts';
import { aliyunPhones, aliyunTemplateParam, approvedSign, approvedTemplate, deliverAliyun, requireParams, type AliyunSendContext } from './send-sms.ts';

function jsonArray(raw: string | undefined): unknown[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** SendBatchSms: PhoneNumberJson / SignNameJson / TemplateParamJson are parallel JSON arrays (≤ 100). */
export async function sendBatchSms(s: AliyunSendContext, p: Record<string, string>): Promise<string> {
  requireParams(p, ['PhoneNumberJson', 'SignNameJson', 'TemplateCode']);
  const phones = jsonArray(p.PhoneNumberJson);
  const signs = jsonArray(p.SignNameJson);
  if (!phones || !signs || phones.some((x) => typeof x !== 'string') || signs.some((x) => typeof x !== 'string')) throw businessError('isv.INVALID_JSON_PARAM');
  if (phones.length !== signs.length) throw businessError('isv.INVALID_PARAMETERS');
  const params = p.TemplateParamJson === undefined ? undefined : jsonArray(p.TemplateParamJson);
  if (p.TemplateParamJson !== undefined && (!params || params.length !== phones.length)) throw businessError('isv.INVALID_JSON_PARAM');
  const e164 = aliyunPhones(phones as string[], 100);
  for (const sign of new Set(signs as string[])) approvedSign(s.ctx, sign);
  const template = approvedTemplate(s.ctx, p.TemplateCode!);
  const recipients = e164.map((phone, i) => ({ phone, signName: signs[i] as string, params: aliyunTemplateParam(params?.[i] ?? {}) }));
  return deliverAliyun(s, 'sendbatchsms', template, recipients);
}
