import { sleep } from '../../core/faults.ts';
import { HttpFailure } from '../../core/http-failure.ts';
import type { SmsCtx } from '../context.ts';
import { takeSendFault } from '../faults.ts';
import { tencentSerialNo } from '../ids.ts';
import { isMainlandMobile, normalisePhone } from '../phone.ts';
import { extractCode, placeholders, renderTencent, segments, withSign } from '../templates.ts';
import type { SmsKey } from '../world/types.ts';
import { placementOf, TENCENT_ERRORS, TencentError } from './errors.ts';
import type { TencentSendInput } from './params.ts';

export interface SendStatus {
  SerialNo: string;
  PhoneNumber: string;
  Fee: number;
  SessionContext: string;
  Code: string;
  Message: string;
  IsoCode: string;
}

const failed = (phone: string, sessionContext: string, code: string, message?: string): SendStatus => ({
  SerialNo: '',
  PhoneNumber: phone,
  Fee: 0,
  SessionContext: sessionContext,
  Code: code,
  Message: message ?? TENCENT_ERRORS[code]?.message ?? code,
  IsoCode: '',
});

/**
 * SendSms after the signature checked out: request-level problems throw a TencentError
 * (Response.Error); per-number outcomes come back as SendStatusSet entries.
 */
export async function sendTencentSms(ctx: SmsCtx, key: SmsKey, input: TencentSendInput, requestId: string): Promise<SendStatus[]> {
  if (!input.phoneNumbers.length) throw new TencentError('MissingParameter.EmptyPhoneNumberSet');
  if (input.phoneNumbers.length > 200) throw new TencentError('LimitExceeded.PhoneNumberCountLimit');
  if (!key.sdkAppIds.includes(input.sdkAppId)) {
    throw new TencentError(
      ctx.world.tencentAppIds().includes(input.sdkAppId) ? 'UnauthorizedOperation.SmsSdkAppIdVerifyFail' : 'InvalidParameterValue.SdkAppIdNotExist',
    );
  }
  const option = ctx.options.get().tencentPlacement;
  const sign = input.signName ? ctx.world.getSign('tencent', input.signName) : undefined;
  const template = ctx.world.getTemplate('tencent', input.templateId);
  let everyone: string | undefined;
  if (sign?.status !== 'approved') everyone = 'FailedOperation.SignatureIncorrectOrUnapproved';
  else if (template?.status !== 'approved') everyone = 'FailedOperation.TemplateIncorrectOrUnapproved';
  else if (placeholders('tencent', template.text).length !== input.params.length) everyone = 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate';
  else if (template.type === 'verification' && input.params.some((p) => !/^\d{0,6}$/.test(p))) everyone = 'InvalidParameterValue.TemplateParameterFormatError';
  if (everyone && placementOf(everyone, option) === 'error') throw new TencentError(everyone);

  const statuses: SendStatus[] = [];
  for (const raw of input.phoneNumbers) {
    const phone = normalisePhone(raw);
    if (!phone || !isMainlandMobile(phone)) {
      statuses.push(failed(raw, input.sessionContext, 'InvalidParameterValue.IncorrectPhoneNumber'));
      continue;
    }
    if (everyone) {
      statuses.push(failed(phone, input.sessionContext, everyone));
      continue;
    }
    const fault = takeSendFault(ctx, 'sendsms', 'tencent', phone);
    if (fault?.delayMs) await sleep(fault.delayMs);
    // A bare HTTP failure: the SDK then throws on the status alone.
    if (fault?.httpStatus && !fault.code) throw new HttpFailure(fault.httpStatus);
    if (fault?.code) {
      const where = fault.placement === 'error' || fault.placement === 'status' ? fault.placement : placementOf(fault.code, option);
      if (where === 'error') throw new TencentError(fault.code, fault.message);
      statuses.push(failed(phone, input.sessionContext, fault.code, fault.message));
      continue;
    }
    const text = withSign(sign!.name, renderTencent(template!.text, input.params));
    const limited = ctx.flow.checkTencent(phone, text);
    if (limited) {
      statuses.push(failed(phone, input.sessionContext, limited.code, limited.message));
      continue;
    }
    const serialNo = tencentSerialNo();
    ctx.flow.record('tencent', phone, sign!.name, text);
    ctx.inbox.store({
      provider: 'tencent',
      phone,
      signName: sign!.name,
      template: template!.id,
      params: input.params,
      code: extractCode('tencent', input.params),
      text,
      status: fault?.mode === 'undelivered' ? 'undelivered' : 'delivered',
      requestId,
      bizId: serialNo,
      signatureScheme: 'TC3-HMAC-SHA256',
      keyId: key.id,
      outId: input.sessionContext || null,
    });
    statuses.push({
      SerialNo: serialNo,
      PhoneNumber: phone,
      Fee: segments(text),
      SessionContext: input.sessionContext,
      Code: 'Ok',
      Message: 'send success',
      IsoCode: 'CN',
    });
  }
  return statuses;
}
