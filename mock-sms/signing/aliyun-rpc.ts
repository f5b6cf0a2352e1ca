import { createHmac, randomUUID } from 'node:crypto';

/**
 * Alibaba Cloud legacy RPC signature (SignatureVersion 1.0, HMAC-SHA1), docs/wire/sms.md#aliyun-rpc-signature-hmac-sha1.
 * Pure functions: the mock verifies with them; its tests and the benchmarks sign with them. The login
 * system signs with its own (reference-login/sms-signing.ts), so the two check each other.
 */

/** RFC 3986 percent-encoding on UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `name=value` pairs, both percent-encoded, sorted by the encoded name, joined with `&`. */
export function canonicalizedQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .map((k) => [percentEncode(k), percentEncode(params[k] ?? '')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** METHOD&%2F&pct(canonicalized query): the query is encoded a second time on purpose. */
export function rpcStringToSign(params: Record<string, string>, method = 'POST'): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

/** Base64 HMAC-SHA1 keyed with `secret + "&"`; `Signature` itself is never part of the input. */
export function rpcSignature(params: Record<string, string>, secret: string, method = 'POST'): string {
  return createHmac('sha1', `${secret}&`).update(rpcStringToSign(params, method), 'utf8').digest('base64');
}

/** UTC `yyyy-MM-ddTHH:mm:ssZ`, the form both Timestamp and x-acs-date use. */
export function acsTimestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface RpcRequestInput {
  accessKeyId: string;
  accessKeySecret: string;
  action: string;
  /** business parameters (PhoneNumbers, SignName, TemplateCode, TemplateParam, …) */
  params: Record<string, string>;
  version?: string;
  regionId?: string;
  method?: string;
  /** overrides for tests: a fixed nonce or timestamp */
  nonce?: string;
  timestamp?: string;
}

/**
 * Builds a signed request the way SMS4J (FastBee) sends it: common parameters and `Signature`
 * in the query string, business parameters in an `application/x-www-form-urlencoded` body.
 */
export function buildRpcRequest(input: RpcRequestInput): { query: string; body: string; contentType: string } {
  const common: Record<string, string> = {
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: input.nonce ?? randomUUID(),
    AccessKeyId: input.accessKeyId,
    SignatureVersion: '1.0',
    Timestamp: input.timestamp ?? acsTimestamp(),
    Format: 'JSON',
    Action: input.action,
    Version: input.version ?? '2017-05-25',
    RegionId: input.regionId ?? 'cn-hangzhou',
  };
  const signature = rpcSignature({ ...common, ...input.params }, input.accessKeySecret, input.method ?? 'POST');
  const pairs = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join('&');
  return { query: `Signature=${percentEncode(signature)}&${pairs(common)}`, body: pairs(input.params), contentType: 'application/x-www-form-urlencoded' };
}
