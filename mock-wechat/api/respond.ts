import type { Context } from 'hono';
import { sleep, type FaultMatch } from '../../core/faults.ts';
import { HttpFailure } from '../../core/http-failure.ts';
import { journalText, tagJournal } from '../../core/journal.ts';
import { WxError, wxError } from '../errors.ts';
import type { WechatCtx } from '../context.ts';

/** What /cgi-bin/token was captured sending (docs/wire/wechat-requests.md), and the JSON variant of /sns/*. */
const JSON_TYPE = 'application/json; encoding=utf-8';
/** What /sns/* answers are captured with: text/plain, no charset (docs/wire/wechat-requests.md). */
const SNS_TEXT_TYPE = 'text/plain';

/**
 * Writes a body the way api.weixin.qq.com does: always HTTP 200, forward slashes escaped,
 * Chinese as raw UTF-8, and the Content-Type of the endpoint: /sns/* (answers and errors alike,
 * unknown paths too) text/plain unless the option snsContentType is "json", the rest
 * application/json; encoding=utf-8.
 */
export function wxJson(ctx: WechatCtx, c: Context, body: unknown): Response {
  const type = c.req.path.startsWith('/sns/') && ctx.options.get().snsContentType === 'text' ? SNS_TEXT_TYPE : JSON_TYPE;
  const text = JSON.stringify(body).replace(/\//g, '\\/');
  return journalText(c.body(text, 200, { 'Content-Type': type }), text);
}

/** The answer to a WxError thrown below an API route: its errcode and errmsg (with a rid), as wxJson writes. */
export function wxFail(ctx: WechatCtx, c: Context, e: WxError): Response {
  return wxJson(ctx, c, wxError(e.errcode, ctx.clock.now(), e.opts));
}

/**
 * Applies the first queued fault for this endpoint and these facts: delays, then throws either a
 * bare HTTP failure (HttpFailure) or a WeChat errcode (WxError). Returns when the call should go
 * on normally.
 */
export async function faultGate(ctx: WechatCtx, c: Context, facts: FaultMatch): Promise<void> {
  tagJournal(c, facts);
  const f = ctx.faults.take(c.req.path, facts);
  if (!f) return;
  if (f.delayMs) await sleep(f.delayMs);
  if (f.httpStatus) throw new HttpFailure(f.httpStatus);
  if (f.errcode !== undefined) throw new WxError(f.errcode, { errmsg: f.errmsg });
}
