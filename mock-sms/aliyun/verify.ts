import { timingSafeEqual } from 'node:crypto';
import { rpcSignature, rpcStringToSign } from '../signing/aliyun-rpc.ts';
import { ACS3_ALGORITHM, parseAcs3Authorization, sha256Hex, v3CanonicalRequest, v3Signature, v3StringToSign } from '../signing/aliyun-v3.ts';
import type { SmsCtx } from '../context.ts';
import type { SignatureScheme } from '../inbox.ts';
import type { SmsKey } from '../world/types.ts';
import { gatewayError, missingParam } from './errors.ts';
import type { AliyunRequest } from './request.ts';

export interface AliyunAuth {
  scheme: SignatureScheme;
  key: SmsKey;
}

/** Headers a V3 signature must cover, or a replay could swap them. */
const REQUIRED_SIGNED = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses yyyy-MM-ddTHH:mm:ss[.SSS]Z; undefined when it is not that. */
function parseAcsTime(v: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Skew is measured against the real time, not the mock clock: clients sign with their own clock,
 * and advancing the mock clock (to open flow-control windows) must not make every SDK call stale.
 */
function checkTime(ctx: SmsCtx, value: string): void {
  const at = parseAcsTime(value);
  if (at === undefined) throw gatewayError('InvalidTimeStamp.Format');
  if (Math.abs(Date.now() - at) > ctx.options.get().aliyunSkewSeconds * 1000) throw gatewayError('InvalidTimeStamp.Expired');
}

function lookupKey(ctx: SmsCtx, id: string): SmsKey {
  const key = ctx.world.getKey(id, 'aliyun');
  if (!key) throw gatewayError('InvalidAccessKeyId.NotFound');
  if (key.status !== 'active') throw gatewayError('InvalidAccessKeyId.Inactive');
  return key;
}

function useNonce(ctx: SmsCtx, key: SmsKey, nonce: string): void {
  if (!ctx.nonces.use(key.id, nonce, ctx.options.get().aliyunNonceTtlSeconds)) throw gatewayError('SignatureNonceUsed');
}

/** V3: verify exactly the headers SignedHeaders lists, over the re-encoded query and the raw body. */
function verifyV3(ctx: SmsCtx, req: AliyunRequest, authorization: string): AliyunAuth {
  const auth = parseAcs3Authorization(authorization);
  if (!auth) throw gatewayError('IncompleteSignature');
  if (auth.algorithm !== ACS3_ALGORITHM) throw gatewayError('InvalidSignatureMethod');
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  const unsigned = REQUIRED_SIGNED.filter((h) => !signed.includes(h));
  if (unsigned.length)
    throw gatewayError('IncompleteSignature', `The request signature does not conform to Aliyun standards. SignedHeaders must include ${unsigned.join(', ')}.`);
  const nonce = req.headers['x-acs-signature-nonce'];
  if (!nonce) throw missingParam('SignatureNonce');
  checkTime(ctx, req.headers['x-acs-date'] ?? '');
  const key = lookupKey(ctx, auth.accessKeyId);
  const canonical = v3CanonicalRequest({ method: req.method, query: req.query, headers: req.headers, signedHeaders: signed, payloadHash: sha256Hex(req.body) });
  if (!same(v3Signature(key.secret, v3StringToSign(canonical)), auth.signature.toLowerCase())) throw gatewayError('SignatureDoesNotMatch');
  useNonce(ctx, key, nonce);
  return { scheme: 'ACS3-HMAC-SHA256', key };
}

/** Legacy RPC: HMAC-SHA1 over every query and form parameter but Signature. */
function verifyRpc(ctx: SmsCtx, req: AliyunRequest): AliyunAuth {
  const p = req.params;
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureNonce', 'Timestamp']) if (!p[name]) throw missingParam(name);
  if (p.SignatureMethod !== 'HMAC-SHA1') throw gatewayError('InvalidSignatureMethod');
  if (p.SignatureVersion && p.SignatureVersion !== '1.0') throw gatewayError('InvalidSignatureMethod');
  checkTime(ctx, p.Timestamp!);
  const key = lookupKey(ctx, p.AccessKeyId!);
  if (!same(rpcSignature(p, key.secret, req.method), p.Signature!)) {
    // The real gateway tells the caller its string to sign, which is how people debug encoders.
    throw gatewayError(
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${rpcStringToSign(p, req.method)}`,
    );
  }
  useNonce(ctx, key, p.SignatureNonce!);
  return { scheme: 'RPC-HMAC-SHA1', key };
}

/** V3 when Authorization says ACS3-…, RPC otherwise. Throws an AliyunError. */
export function verifyAliyun(ctx: SmsCtx, req: AliyunRequest): AliyunAuth {
  const authorization = req.headers.authorization;
  if (authorization && /^ACS3-/i.test(authorization.trim())) return verifyV3(ctx, req, authorization);
  return verifyRpc(ctx, req);
}
