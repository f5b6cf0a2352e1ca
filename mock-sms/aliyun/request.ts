import type { Context } from 'hono';

/** One Dysmsapi call as received: query and form body merged, raw bytes kept for V3. */
export interface AliyunRequest {
  method: string;
  /** decoded query parameters only (the V3 canonical query) */
  query: Record<string, string>;
  /** query + form body, decoded (what RPC signs and what the handlers read) */
  params: Record<string, string>;
  body: Uint8Array;
  /** lower-case names */
  headers: Record<string, string>;
}

function toRecord(sp: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of sp) out[k] = v;
  return out;
}

export async function readAliyunRequest(c: Context): Promise<AliyunRequest> {
  const url = new URL(c.req.url);
  const query = toRecord(url.searchParams);
  const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await c.req.arrayBuffer());
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  let form: Record<string, string> = {};
  // Old SDKs, SendBatchSms and SMS4J put business parameters in a form body (chunked or not).
  const type = headers['content-type'] ?? '';
  if (body.length && (type.includes('application/x-www-form-urlencoded') || !type)) form = toRecord(new URLSearchParams(new TextDecoder().decode(body)));
  return { method: c.req.method.toUpperCase(), query, params: { ...query, ...form }, body, headers };
}
