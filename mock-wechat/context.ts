import type { MockBase } from '../core/mock-base.ts';
import type { WechatFaultAction } from './faults.ts';
import type { World } from './world/store.ts';
import type { Grants } from './grants.ts';
import type { Options } from './options.ts';
import type { JsapiTickets } from './tickets.ts';

/** What every mock-wechat router needs; one per mock instance. */
export interface WechatCtx extends MockBase<WechatFaultAction> {
  world: World;
  grants: Grants;
  tickets: JsapiTickets;
  options: Options;
  /** base URL people and browsers reach this mock at (goes into QR codes) */
  publicUrl: () => string;
}
