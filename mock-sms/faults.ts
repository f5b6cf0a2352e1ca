import type { FaultAction, FaultFields } from '../core/faults.ts';
import { phoneSpellings } from './phone.ts';
import type { SmsCtx } from './context.ts';
import type { Provider } from './world/types.ts';

/** A mock-sms fault: besides a bare HTTP failure or a delay, a provider error code or an undelivered send. */
export interface SmsFaultAction extends FaultAction {
  /** the provider's error code (isv.*, a gateway code, a Tencent code) */
  code?: string;
  message?: string;
  /** "undelivered" accepts the send but never puts it in the inbox */
  mode?: string;
  /** Tencent: where the code goes, "error" (Response.Error) or "status" (SendStatusSet) */
  placement?: string;
}

/** What POST /__mock/faults takes on mock-sms besides httpStatus and delayMs, and what a fault may be limited to. */
export const SMS_FAULT_FIELDS: FaultFields = { action: { code: 'any', message: 'any', mode: 'any', placement: 'any' }, match: ['phone', 'provider'] };

/**
 * The next queued fault for a send to `phone`. Fault filters hold the number as the tester wrote
 * it (13800138000, +8613800138000, …), so every spelling is tried.
 */
export function takeSendFault(ctx: SmsCtx, endpoint: 'sendsms' | 'sendbatchsms', provider: Provider, phone: string): SmsFaultAction | undefined {
  for (const spelling of phoneSpellings(phone)) {
    const f = ctx.faults.take(endpoint, { provider, phone: spelling });
    if (f) return f;
  }
  return undefined;
}
