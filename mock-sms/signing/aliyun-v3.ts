import { createHash, createHmac, randomBytes } from 'node:crypto';
import { acsTimestamp, percentEncode } from './aliyun-rpc.ts';

/**
 * Alibaba Cloud V3 signature (ACS3-HMAC-SHA256), docs/wire/sms.md#aliyun-v3-signature-acs3-hmac-sha256.
 * Pure functions shared by the mock (verify) and its tests and benchmarks (sign).
 */

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Lower-case hex SHA-256. Most V3 calls carry no body: its hash is known. */
export function sha256Hex(data: string | Uint8Array): string {
  return data.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(data).digest('hex');
}

/** Decoded query parameters, sorted by name, each `pct(name)=pct(value)`: re-encoded, never the raw URL. */
function v3CanonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(query[k] ?? '')}`)
    .join('&');
}

/** `name:trimmed-value\n` for each signed header, sorted by name. Header names are matched case-insensitively. */
function v3CanonicalHeaders(headers: Record<string, string | undefined>, signedHeaders: string[]): string {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lower[k.toLowerCase()] = v;
  return [...signedHeaders]
    .map((h) => h.toLowerCase())
    .sort()
    .map((h) => `${h}:${(lower[h] ?? '').trim()}\n`)
    .join('');
}

export interface V3CanonicalInput {
  method: string;
  path?: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  signedHeaders: string[];
  payloadHash: string;
}

export function v3CanonicalRequest(i: V3CanonicalInput): string {
  const signed = [...i.signedHeaders].map((h) => h.toLowerCase()).sort();
  return [i.method.toUpperCase(), i.path ?? '/', v3CanonicalQuery(i.query), v3CanonicalHeaders(i.headers, signed), signed.join(';'), i.payloadHash].join('\n');
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Hex HMAC-SHA256 keyed with the AccessKeySecret itself (no trailing "&", unlike RPC). */
export function v3Signature(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
}

export interface Acs3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined when malformed. */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  const m = /^(ACS3-[A-Z0-9-]+)\s+(.*)$/.exec(header.trim());
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  for (const part of m[2]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) return undefined;
  return { algorithm: m[1]!, accessKeyId: fields.Credential, signedHeaders: fields.SignedHeaders.split(';').filter(Boolean), signature: fields.Signature };
}

export interface V3SignInput {
  accessKeyId: string;
  accessKeySecret: string;
  /** host[:port] exactly as it goes into the Host header */
  host: string;
  action: string;
  version?: string;
  method?: string;
  query?: Record<string, string>;
  /** form-encoded body, if any (then content-type is signed too) */
  body?: string;
  contentType?: string;
  date?: string;
  nonce?: string;
}

/**
 * Headers for a V3-signed request, signing every host / content-type / x-acs-* header as the
 * official SDK does. Send them with the query built from `query` (any encoding) and `body`.
 */
export function signV3Request(i: V3SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    host: i.host,
    'x-acs-action': i.action,
    'x-acs-version': i.version ?? '2017-05-25',
    'x-acs-date': i.date ?? acsTimestamp(),
    'x-acs-signature-nonce': i.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256': sha256Hex(i.body ?? ''),
  };
  if (i.body !== undefined) headers['content-type'] = i.contentType ?? 'application/x-www-form-urlencoded';
  const signedHeaders = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest({
    method: i.method ?? 'POST',
    query: i.query ?? {},
    headers,
    signedHeaders,
    payloadHash: headers['x-acs-content-sha256']!,
  });
  const signature = v3Signature(i.accessKeySecret, v3StringToSign(canonical));
  headers.authorization = `${ACS3_ALGORITHM} Credential=${i.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return headers;
}
