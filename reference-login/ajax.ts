import type { Context } from 'hono';

/** RuoYi's AjaxResult: a JSON map with code and msg, data only when non-null, extra keys put beside. */
export type Ajax = { code: number; msg: string } & Record<string, unknown>;

export const OK_MSG = '操作成功';

export function ok(extra: Record<string, unknown> = {}): Ajax {
  return { code: 200, msg: OK_MSG, ...extra };
}

/** AjaxResult.success(Object data): data only when non-null. */
export function okData(data: unknown): Ajax {
  return data === null || data === undefined ? ok() : { code: 200, msg: OK_MSG, data };
}

/** AjaxResult.success(String msg): Java's overload puts a string "payload" in msg. */
export function okMsg(msg: string): Ajax {
  return { code: 200, msg };
}

export function fail(msg: string, code = 500): Ajax {
  return { code, msg };
}

/**
 * FastBee's ServiceException: thrown anywhere below a route, answered by the app's error handler
 * as `{code, msg}` with HTTP 200 (business errors never change the HTTP status).
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code = 500,
  ) {
    super(message);
  }
}

/** Business answers always go out as HTTP 200, as RuoYi does. */
export function send(c: Context, body: Ajax): Response {
  return c.json(body, 200);
}

/** Reads a JSON body as RuoYi's @RequestBody would; malformed or non-object → ServiceError. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let text = '';
  try {
    text = await c.req.text();
  } catch {
    throw new ServiceError(MSG_BAD_BODY);
  }
  if (!text.trim()) throw new ServiceError(MSG_BAD_BODY);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ServiceError(MSG_BAD_BODY);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ServiceError(MSG_BAD_BODY);
  return v as Record<string, unknown>;
}

const MSG_BAD_BODY = '请求参数格式错误';

/** A body field as a trimmed string ('' when absent or not a scalar). */
export function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}
