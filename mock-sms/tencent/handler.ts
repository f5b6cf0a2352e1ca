import type { Context } from 'hono';
import { HttpFailure, httpFailureAnswer } from '../../core/http-failure.ts';
import { journalText, tagJournal } from '../../core/journal.ts';
import type { SmsCtx } from '../context.ts';
import { tencentRequestId } from '../ids.ts';
import { normalisePhone } from '../phone.ts';
import { missingParameter, TencentError } from './errors.ts';
import { readSendInput, TENCENT_VERSIONS, unflatten, type TencentVersion } from './params.ts';
import { sendTencentSms } from './send-sms.ts';
import { verifyTencent, type TencentRequest } from './verify.ts';

/** Tencent Cloud always answers HTTP 200 with {"Response":{…,"RequestId"}}; the SDK drops non-200 bodies. */
function tcJson(c: Context, response: Record<string, unknown>): Response {
  const text = JSON.stringify({ Response: response });
  return journalText(c.body(text, 200, { 'Content-Type': 'application/json' }), text);
}

function parseBody(req: TencentRequest, url: URL): Record<string, unknown> {
  if (req.method === 'GET') return unflatten(url.searchParams);
  const text = new TextDecoder().decode(req.body);
  if (!text.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new TencentError('FailedOperation.JsonParseFail');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TencentError('FailedOperation.JsonParseFail');
  return v as Record<string, unknown>;
}

/**
 * SMS 2021-01-11 (and 2019-07-11) SendSms on POST /, dispatched by X-TC-Action. The one handler of
 * the gateway's errors: whatever below throws a TencentError (or an injected HttpFailure) is
 * answered here, under the request id the call opened.
 */
export async function handleTencent(ctx: SmsCtx, c: Context): Promise<Response> {
  const requestId = tencentRequestId();
  try {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const req: TencentRequest = {
      method: c.req.method.toUpperCase(),
      rawQuery: url.search.slice(1),
      body: c.req.method === 'GET' ? new Uint8Array() : new Uint8Array(await c.req.arrayBuffer()),
      headers,
    };
    const action = headers['x-tc-action'];
    if (!action) throw missingParameter('Action');
    if (action !== 'SendSms') throw new TencentError('InvalidAction');
    const version = headers['x-tc-version'];
    if (!version) throw missingParameter('Version');
    if (!TENCENT_VERSIONS.includes(version as TencentVersion))
      throw new TencentError('NoSuchVersion', `The requested version \`${version}\` of API \`${action}\` is not found.`);
    const key = verifyTencent(ctx, req);
    if (!headers['x-tc-region']) throw missingParameter('Region');
    const input = readSendInput(parseBody(req, url), version as TencentVersion);
    tagJournal(c, { appid: input.sdkAppId, phone: normalisePhone(input.phoneNumbers[0] ?? '') });
    const statuses = await sendTencentSms(ctx, key, input, requestId);
    return tcJson(c, { SendStatusSet: statuses, RequestId: requestId });
  } catch (e) {
    if (e instanceof TencentError) return tcJson(c, { Error: { Code: e.code, Message: e.message }, RequestId: requestId });
    if (e instanceof HttpFailure) return httpFailureAnswer(c, e);
    throw e;
  }
}
