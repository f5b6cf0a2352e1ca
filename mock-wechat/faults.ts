import type { FaultAction, FaultFields } from '../core/faults.ts';

/** A mock-wechat fault: besides a bare HTTP failure or a delay, a WeChat error body. */
export interface WechatFaultAction extends FaultAction {
  errcode?: number;
  /** the errmsg verbatim; the errcode's own text with a rid otherwise */
  errmsg?: string;
}

/** What POST /__mock/faults takes on mock-wechat besides httpStatus and delayMs, and what a fault may be limited to. */
export const WECHAT_FAULT_FIELDS: FaultFields = { action: { errcode: 'integer', errmsg: 'any' }, match: ['appid', 'persona'] };
