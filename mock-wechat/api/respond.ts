import type { Context } from 'hono';
import { sleep, type FaultMatch } from '../../core/faults.ts';
import { journalText, tagJournal } from '../../core/journal.ts';
import { wxError } from '../errors.ts';
import type { WechatCtx } from '../context.ts';

/** What /cgi-bin/token was captured sending (docs/wire/wechat-requests.md), and the JSON variant of /sns/*. */
const JSON_TYPE = 'application/json; encoding=utf-8';
/** What /sns/* answers are captured with: text/plain, no charset (docs/wire/wechat-requests.md). */
const SNS_TEXT_TYPE = 'text/plain';

/**
 * Writes a body the way api.weixin.qq.com does: always HTTP 200, forward slashes escaped,
 * Chinese as raw UTF-8, and the Content-Type of the endpoint: /sns/* text/plain unless the option
 * snsContentType is "json", the rest application/json; encoding=utf-8.
 */
export function wxJson(ctx: WechatCtx, c: Context, body: unknown, opts: { sns?: boolean } = {}): Response {
  const type = opts.sns && ctx.options.get().snsContentType === 'text' ? SNS_TEXT_TYPE : JSON_TYPE;
  const text = JSON.stringify(body).replace(/\//g, '\\/');
  return journalText(c.body(text, 200, { 'Content-Type': type }), text);
}

export function wxFail(ctx: WechatCtx, c: Context, errcode: number, opts: { sns?: boolean; detail?: string; hint?: boolean } = {}): Response {
  return wxJson(ctx, c, wxError(errcode, ctx.clock.now(), opts), opts);
}

/**
 * Applies the first queued fault for this endpoint and these facts: delays, then either a bare
 * HTTP failure or a WeChat errcode body. Returns undefined when the call should go on normally.
 */
export async function faultGate(ctx: WechatCtx, c: Context, facts: FaultMatch, opts: { sns?: boolean } = {}): Promise<Response | undefined> {
  tagJournal(c, facts);
  const f = ctx.faults.take(c.req.path, facts);
  if (!f) return undefined;
  if (f.delayMs) await sleep(f.delayMs);
  if (f.httpStatus) return c.body(`<html><body><h1>${f.httpStatus}</h1></body></html>`, f.httpStatus as 500, { 'Content-Type': 'text/html' });
  if (f.errcode !== undefined) return wxJson(ctx, c, wxError(f.errcode, ctx.clock.now(), { errmsg: f.errmsg }), opts);
  return undefined;
}
