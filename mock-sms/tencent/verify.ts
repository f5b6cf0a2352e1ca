import { timingSafeEqual } from 'node:crypto';
import { parseTc3Authorization, tc3CanonicalRequest, tc3Date, tc3Signature } from '../signing/tencent-tc3.ts';
import type { SmsCtx } from '../context.ts';
import type { SmsKey } from '../world/types.ts';
import { missingParameter, TencentError } from './errors.ts';

/** One Tencent call as received. */
export interface TencentRequest {
  method: string;
  /** raw query string as sent (GET signs it verbatim) */
  rawQuery: string;
  body: Uint8Array;
  /** lower-case names */
  headers: Record<string, string>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function variants(value: string): string[] {
  return [...new Set([value, value.toLowerCase()])];
}

/**
 * TC3-HMAC-SHA256 with the service and date the client put in its credential scope (the Node SDK
 * derives the service from the endpoint host: "127" for 127.0.0.1). The host is tried with and
 * without its port: the Node SDK signs it bare, SMS4J with the port.
 */
export function verifyTencent(ctx: SmsCtx, req: TencentRequest): SmsKey {
  const header = req.headers.authorization?.trim() ?? '';
  if (!header) throw new TencentError('AuthFailure.InvalidAuthorization', 'The Authorization header is missing.');
  // API 3.0 "v1" signing (HmacSHA1/HmacSHA256 with Signature in the parameters) is not accepted here.
  if (!header.startsWith('TC3-HMAC-SHA256')) throw new TencentError('AuthFailure.InvalidAuthorization');
  const auth = parseTc3Authorization(header);
  if (!auth) throw new TencentError('AuthFailure.InvalidAuthorization');
  const rawTs = req.headers['x-tc-timestamp'];
  if (!rawTs) throw missingParameter('Timestamp');
  if (!/^\d{1,12}$/.test(rawTs)) throw new TencentError('InvalidParameter', 'Parameter `Timestamp` type error.');
  const timestamp = Number(rawTs);
  // Real time, not the mock clock: the client signs with its own clock (see aliyun/verify.ts).
  const now = Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > ctx.options.get().tencentSkewSeconds) {
    throw new TencentError('AuthFailure.SignatureExpire', `The signature is expired, please request again. Timestamp: ${timestamp}, server time: ${now}.`);
  }
  const key = ctx.world.getKey(auth.secretId, 'tencent');
  if (key?.status !== 'active') throw new TencentError('AuthFailure.SecretIdNotFound');
  if (auth.date !== tc3Date(timestamp)) throw new TencentError('AuthFailure.SignatureFailure');
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  if (!signed.includes('content-type') || !signed.includes('host')) throw new TencentError('AuthFailure.SignatureFailure');
  const extra: Record<string, string> = {};
  for (const h of signed) if (h !== 'content-type' && h !== 'host') extra[h] = req.headers[h] ?? '';
  const host = req.headers.host ?? '';
  const hosts = [...new Set([host, host.replace(/:\d+$/, '')])];
  for (const h of hosts) {
    for (const contentType of variants(req.headers['content-type'] ?? '')) {
      const canonicalRequest = tc3CanonicalRequest({
        method: req.method,
        query: req.method === 'GET' ? req.rawQuery : '',
        contentType,
        host: h,
        payload: req.body,
        extraHeaders: extra,
      });
      if (same(tc3Signature({ secretKey: key.secret, date: auth.date, service: auth.service, timestamp, canonicalRequest }), auth.signature.toLowerCase()))
        return key;
    }
  }
  throw new TencentError('AuthFailure.SignatureFailure');
}
