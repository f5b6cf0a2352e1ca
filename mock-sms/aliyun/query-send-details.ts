import type { SmsCtx } from '../context.ts';
import { isMainlandMobile, nationalNumber, normalisePhone } from '../phone.ts';
import { businessError, invalidParam } from './errors.ts';
import { requireParams } from './send-sms.ts';

const CHINA_OFFSET = 8 * 3_600_000;

/** yyyy-MM-dd HH:mm:ss in China time, as the console and the API print dates. */
function chinaTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET).toISOString().replace('T', ' ').slice(0, 19);
}

function positiveInt(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidParam(name);
  return n;
}

/**
 * QuerySendDetails: one number's sends on one (China) day. Delivered messages report SendStatus 3 /
 * DELIVERED; "undelivered" ones stay at 1, waiting for a receipt that never comes.
 */
export function querySendDetails(ctx: SmsCtx, p: Record<string, string>, requestId: string): Record<string, unknown> & { RequestId: string } {
  requireParams(p, ['PhoneNumber', 'SendDate']);
  const phone = normalisePhone(p.PhoneNumber!);
  if (!phone || !isMainlandMobile(phone)) throw businessError('isv.MOBILE_NUMBER_ILLEGAL');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(p.SendDate!);
  if (!m) throw invalidParam('SendDate');
  const dayStart = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CHINA_OFFSET;
  if (!Number.isFinite(dayStart)) throw invalidParam('SendDate');
  const pageSize = positiveInt(p.PageSize, 'PageSize', 10, 50);
  const page = positiveInt(p.CurrentPage, 'CurrentPage', 1, 1_000_000);
  const all = ctx.inbox.sentTo('aliyun', phone, dayStart, dayStart + 86_400_000, p.BizId || undefined);
  const dtos = all.slice((page - 1) * pageSize, page * pageSize).map((msg) => {
    const delivered = msg.status === 'delivered';
    return {
      TemplateCode: msg.template,
      ReceiveDate: delivered ? chinaTime(msg.receivedAtMs) : '',
      PhoneNum: nationalNumber(msg.phone),
      Content: msg.text,
      SendStatus: delivered ? 3 : 1,
      SendDate: chinaTime(msg.receivedAtMs),
      ErrCode: delivered ? 'DELIVERED' : '',
      ...(msg.outId ? { OutId: msg.outId } : {}),
    };
  });
  // The SDK's model types TotalCount as a string.
  return { TotalCount: String(all.length), Message: 'OK', RequestId: requestId, SmsSendDetailDTOs: { SmsSendDetailDTO: dtos }, Code: 'OK' };
}
