import type { MockBase } from '../core/mock-base.ts';
import type { SmsFaultAction } from './faults.ts';
import type { FlowControl } from './flow.ts';
import type { Inbox } from './inbox.ts';
import type { Nonces } from './nonces.ts';
import type { SmsOptionsStore } from './options.ts';
import type { SmsWorld } from './world/store.ts';

/** What every mock-sms router needs; one per mock instance. */
export interface SmsCtx extends MockBase<SmsFaultAction> {
  world: SmsWorld;
  options: SmsOptionsStore;
  inbox: Inbox;
  flow: FlowControl;
  nonces: Nonces;
}
