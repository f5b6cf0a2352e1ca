import type { Context } from 'hono';
import { tagJournal } from '../../core/journal.ts';
import { readRequestBody } from '../../core/request-body.ts';

/**
 * Bodies beyond this are refused unread (47001). Every emulated endpoint takes a few hundred bytes;
 * the journal keeps 8 KB of a body anyway. Passed to the journal too, so nothing reads more.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The body an endpoint reads, besides its query string (docs/wire/wechat-requests.md):
 * - `form`: a body sent as application/x-www-form-urlencoded (Auth.js posts the code exchange so);
 *   a body of any other type is ignored, as a form parser ignores it;
 * - `json`: the body is a JSON object whatever the Content-Type says (FastBee posts JSON as a form).
 */
export interface BodySpec {
  body: 'form' | 'json';
  /** an empty body is 44002 "empty post data" (stable_token, getuserphonenumber) */
  required?: boolean;
}

/** The parameters of one API call. */
export interface WxParams {
  /** a parameter as text: the query's first value, else the body's (in a JSON body only strings count); '' when absent or empty */
  get(name: string): string;
  /** a JSON body's field as sent (any JSON type), for the endpoints that check types; undefined otherwise */
  field(name: string): unknown;
  /**
   * What is wrong with the body, as the errcode WeChat gives: 47001 for a body over MAX_BODY_BYTES
   * or JSON that is not an object, 44002 for an empty required one. The handler answers it where
   * the endpoint checks its body (getuserphonenumber checks the token first).
   */
  problem?: 44002 | 47001;
}

const NO_FIELDS = (): undefined => undefined;

/** A GET's parameters: the query string alone, nothing to read or parse. */
function fromQuery(c: Context, problem?: 44002 | 47001): WxParams {
  return { get: (name) => c.req.query(name) ?? '', field: NO_FIELDS, problem };
}

/**
 * Reads the call's parameters once: the query string, then the body the endpoint takes. A GET pays
 * for nothing more than the query. A body WeChat would refuse leaves `problem` set (and only the
 * query to read).
 */
export function readParams(c: Context, spec: BodySpec): WxParams | Promise<WxParams> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return spec.required ? fromQuery(c, 44002) : fromQuery(c);
  return readBodyParams(c, spec);
}

async function readBodyParams(c: Context, spec: BodySpec): Promise<WxParams> {
  const body = await readRequestBody(c, MAX_BODY_BYTES);
  if (body.tooLarge) return fromQuery(c, 47001);
  const query = (name: string) => c.req.query(name) || '';
  let params: WxParams;
  if (spec.body === 'form') {
    const type = c.req.header('content-type') ?? '';
    if (!body.text || !/^application\/x-www-form-urlencoded\b/i.test(type)) return fromQuery(c);
    // URLSearchParams never throws: a stray % stays as it is, as lenient form parsers keep it.
    const form = new URLSearchParams(body.text);
    params = { get: (name) => query(name) || (form.get(name) ?? ''), field: NO_FIELDS };
  } else {
    if (!body.text.trim()) return spec.required ? fromQuery(c, 44002) : fromQuery(c);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return fromQuery(c, 47001);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return fromQuery(c, 47001);
    const fields = json as Record<string, unknown>;
    // Only strings count: a JSON array holding the right openid is not the openid.
    params = {
      get: (name) => query(name) || (typeof fields[name] === 'string' ? (fields[name] as string) : ''),
      field: (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
    };
  }
  // The journal files a call under its appid, wherever the appid came.
  const appid = params.get('appid');
  if (appid) tagJournal(c, { appid });
  return params;
}
