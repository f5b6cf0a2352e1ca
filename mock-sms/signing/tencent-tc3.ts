import { createHash, createHmac } from 'node:crypto';
import { BoundedMap } from '../../core/bounded-map.ts';

/**
 * Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256), docs/wire/sms.md#tencent-tc3-hmac-sha256. Pure functions: the
 * mock verifies with them; its tests and the benchmarks sign with them (the login system has its
 * own, reference-login/sms-signing.ts).
 */

const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, msg: string): Buffer {
  return createHmac('sha256', key).update(msg, 'utf8').digest();
}

/** The UTC calendar date of a Unix timestamp, `YYYY-MM-DD`: the date in the credential scope. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export interface Tc3CanonicalInput {
  method?: string;
  path?: string;
  /** the raw query string as sent ("" for POST) */
  query?: string;
  contentType: string;
  /** the host as the client signed it: the Node SDK drops the port, SMS4J keeps it */
  host: string;
  /** exact body bytes ("" for GET) */
  payload: string | Uint8Array;
  /**
   * Headers signed besides content-type and host (the docs allow e.g. x-tc-action; SMS clients
   * sign only those two). Names lower-case; values as they are to be signed.
   */
  extraHeaders?: Record<string, string>;
}

/** CanonicalRequest; SignedHeaders is `content-type;host` unless extra headers are signed. */
export function tc3CanonicalRequest(i: Tc3CanonicalInput): string {
  const all: Record<string, string> = { 'content-type': i.contentType, host: i.host, ...i.extraHeaders };
  const names = Object.keys(all)
    .map((n) => n.toLowerCase())
    .sort();
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) lower[k.toLowerCase()] = v.trim();
  const headers = names.map((n) => `${n}:${lower[n]}\n`).join('');
  return [(i.method ?? 'POST').toUpperCase(), i.path ?? '/', i.query ?? '', headers, names.join(';'), sha256Hex(i.payload)].join('\n');
}

export function tc3StringToSign(timestamp: number, date: string, service: string, canonicalRequest: string): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${date}/${service}/tc3_request\n${sha256Hex(canonicalRequest)}`;
}

/**
 * Derived signing keys: one serves a key's calls of a whole UTC day, and deriving it takes three
 * HMACs. Bounded by more keys × days × services than a sandbox sees at once.
 */
const signingKeys = new BoundedMap<string, Buffer>(64);

/** The key chain TC3+SecretKey → date → service → "tc3_request". */
function signingKey(secretKey: string, date: string, service: string): Buffer {
  const id = JSON.stringify([secretKey, date, service]);
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
    signingKeys.set(id, key);
  }
  return key;
}

/** Hex signature with the derived key chain TC3+SecretKey → date → service → "tc3_request". */
export function tc3Signature(i: { secretKey: string; date: string; service: string; timestamp: number; canonicalRequest: string }): string {
  return createHmac('sha256', signingKey(i.secretKey, i.date, i.service))
    .update(tc3StringToSign(i.timestamp, i.date, i.service, i.canonicalRequest), 'utf8')
    .digest('hex');
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=…, Signature=…`. */
export function parseTc3Authorization(header: string): Tc3Authorization | undefined {
  const m = /^TC3-HMAC-SHA256\s+(.*)$/.exec(header.trim());
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const cred = fields.Credential?.split('/');
  if (cred?.length !== 4 || cred[3] !== 'tc3_request' || !cred[0] || !cred[2] || !fields.SignedHeaders || !fields.Signature) return undefined;
  return { secretId: cred[0], date: cred[1]!, service: cred[2], signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

export interface Tc3JsonInput {
  secretId: string;
  secretKey: string;
  /** host[:port], signed and sent verbatim (SMS4J's requestUrl) */
  host: string;
  /** the exact JSON text that will be sent */
  body: string;
  action?: string;
  version?: string;
  region?: string;
  /** SMS4J's `service` setting */
  service?: string;
  timestamp?: number;
  contentType?: string;
}

/**
 * Headers for a JSON POST signed the way SMS4J (FastBee) does it: service "sms", the host with
 * its port both signed and sent, content type `application/json; charset=utf-8`. `host` must be
 * the host:port of the URL posted to (Node's fetch ignores a Host header and sends the URL's).
 */
export function tc3JsonHeaders(i: Tc3JsonInput): Record<string, string> {
  const timestamp = i.timestamp ?? Math.floor(Date.now() / 1000);
  const date = tc3Date(timestamp);
  const service = i.service ?? 'sms';
  const contentType = i.contentType ?? 'application/json; charset=utf-8';
  const canonicalRequest = tc3CanonicalRequest({ contentType, host: i.host, payload: i.body });
  const signature = tc3Signature({ secretKey: i.secretKey, date, service, timestamp, canonicalRequest });
  return {
    Authorization: `${TC3_ALGORITHM} Credential=${i.secretId}/${date}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
    'Content-Type': contentType,
    Host: i.host,
    'X-TC-Action': i.action ?? 'SendSms',
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Version': i.version ?? '2021-01-11',
    'X-TC-Region': i.region ?? 'ap-guangzhou',
  };
}
