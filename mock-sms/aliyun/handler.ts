import type { Context } from 'hono';
import { tagJournal } from '../../core/journal.ts';
import type { SmsCtx } from '../context.ts';
import { aliyunRequestId } from '../ids.ts';
import { normalisePhone } from '../phone.ts';
import { AliyunError, gatewayError, missingParam } from './errors.ts';
import { querySendDetails } from './query-send-details.ts';
import { readAliyunRequest } from './request.ts';
import { aliyunFail, aliyunJson } from './respond.ts';
import { sendBatchSms } from './send-batch-sms.ts';
import { sendSms } from './send-sms.ts';
import { verifyAliyun } from './verify.ts';

const ACTIONS = new Set(['SendSms', 'SendBatchSms', 'QuerySendDetails']);

/**
 * Dysmsapi 2017-05-25 on POST / (and GET): action and version, signature, then the action itself.
 * The one handler of the gateway's errors: whatever below throws an AliyunError is answered here,
 * under the request id the call opened.
 */
export async function handleAliyun(ctx: SmsCtx, c: Context): Promise<Response> {
  const requestId = aliyunRequestId();
  try {
    const req = await readAliyunRequest(c);
    const v3 = /^ACS3-/i.test(req.headers.authorization?.trim() ?? '');
    const action = v3 ? req.headers['x-acs-action'] : (req.params.Action ?? req.headers['x-acs-action']);
    const version = v3 ? req.headers['x-acs-version'] : (req.params.Version ?? req.headers['x-acs-version']);
    if (!action) throw missingParam('Action');
    if (!ACTIONS.has(action)) throw gatewayError('InvalidApi.NotFound');
    if (!version) throw missingParam('Version');
    if (version !== '2017-05-25') throw gatewayError('InvalidVersion');
    const firstPhone = (req.params.PhoneNumbers ?? req.params.PhoneNumber ?? '').split(',')[0] ?? '';
    tagJournal(c, { phone: normalisePhone(firstPhone) ?? undefined, appid: req.params.AccessKeyId });
    const auth = verifyAliyun(ctx, req);
    tagJournal(c, { appid: auth.key.id });
    if (action === 'QuerySendDetails') return aliyunJson(c, querySendDetails(ctx, req.params, requestId));
    const send = { ctx, key: auth.key, scheme: auth.scheme, requestId, outId: req.params.OutId || null };
    const bizId = action === 'SendSms' ? await sendSms(send, req.params) : await sendBatchSms(send, req.params);
    return aliyunJson(c, { RequestId: requestId, Code: 'OK', Message: 'OK', BizId: bizId });
  } catch (e) {
    if (e instanceof AliyunError) return aliyunFail(c, e, requestId);
    throw e;
  }
}
