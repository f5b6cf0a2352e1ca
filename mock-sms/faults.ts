import type { FaultAction } from '../core/faults.ts';
import { phoneSpellings } from './phone.ts';
import type { SmsCtx } from './context.ts';
import type { Provider } from './world/types.ts';

/**
 * The next queued fault for a send to `phone`. Fault filters hold the number as the tester wrote
 * it (13800138000, +8613800138000, …), so every spelling is tried.
 */
export function takeSendFault(ctx: SmsCtx, endpoint: 'sendsms' | 'sendbatchsms', provider: Provider, phone: string): FaultAction | undefined {
  for (const spelling of phoneSpellings(phone)) {
    const f = ctx.faults.take(endpoint, { provider, phone: spelling });
    if (f) return f;
  }
  return undefined;
}
