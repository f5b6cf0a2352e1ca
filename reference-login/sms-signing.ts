import { createHash, createHmac, randomUUID } from 'node:crypto';

/*
 * How SMS4J (FastBee's SMS library) signs a send for each provider, written here from the
 * providers' public signing documents (docs/wire/sms.md#aliyun-rpc-signature-hmac-sha1 and
 * #tencent-tc3-hmac-sha256) and checked against the official SDKs' own signing code
 * (sms-signing.test.ts). It is deliberately not mock-sms's verifier: a client sharing the
 * verifier's code would share its bugs, and no test could see them.
 */

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** RFC 3986 percent-encoding of the UTF-8 bytes: unreserved characters stay, every other byte is %XX. */
export function rfc3986(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `Signature` of an Aliyun RPC request: Base64 HMAC-SHA1, key `secret&`, over `METHOD&%2F&enc(sorted enc(k)=enc(v) pairs)`. */
export function aliyunRpcSignature(params: Record<string, string>, accessKeySecret: string, method = 'POST'): string {
  const pairs = Object.entries(params)
    .filter(([name]) => name !== 'Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a], [b]) => (a === b ? 0 : a < b ? -1 : 1));
  const canonical = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  const stringToSign = `${method}&${rfc3986('/')}&${rfc3986(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

export interface AliyunSendInput {
  accessKeyId: string;
  accessKeySecret: string;
  regionId?: string;
  /** SendSms's business parameters: PhoneNumbers, SignName, TemplateCode, TemplateParam */
  params: Record<string, string>;
  /** fixed in tests; a fresh UUID and the current time otherwise */
  nonce?: string;
  now?: Date;
}

/** A SendSms POST as SMS4J sends it: common parameters and Signature in the query, business parameters as a form body. */
export function aliyunSendRequest(i: AliyunSendInput): { query: string; body: string } {
  const common: Record<string, string> = {
    AccessKeyId: i.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    RegionId: i.regionId ?? 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: i.nonce ?? randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: `${(i.now ?? new Date()).toISOString().slice(0, 19)}Z`,
    Version: '2017-05-25',
  };
  const signature = aliyunRpcSignature({ ...common, ...i.params }, i.accessKeySecret);
  const form = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .join('&');
  return { query: `Signature=${rfc3986(signature)}&${form(common)}`, body: form(i.params) };
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmacSha256 = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export interface TencentSignInput {
  secretId: string;
  secretKey: string;
  /** the Host as signed: SMS4J signs its requestUrl, port included */
  host: string;
  contentType: string;
  /** the exact body text sent */
  body: string;
  /** the credential scope's service: SMS4J's `service` setting */
  service: string;
  /** Unix seconds */
  timestamp: number;
}

/** The `Authorization` header of a TC3-HMAC-SHA256 POST signing content-type and host. */
export function tencentTc3Authorization(i: TencentSignInput): string {
  const canonicalRequest = ['POST', '/', '', `content-type:${i.contentType}\nhost:${i.host}\n`, 'content-type;host', sha256Hex(i.body)].join('\n');
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${i.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${i.timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signingKey = hmacSha256(hmacSha256(hmacSha256(`TC3${i.secretKey}`, date), i.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

export interface TencentSendInput {
  secretId: string;
  secretKey: string;
  host: string;
  body: string;
  region?: string;
  service?: string;
  /** fixed in tests; now otherwise */
  timestamp?: number;
}

/** The headers of a SendSms POST as SMS4J sends it (JSON with charset, service "sms" unless configured, X-TC-* for 2021-01-11). */
export function tencentSendHeaders(i: TencentSendInput): Record<string, string> {
  const timestamp = i.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = 'application/json; charset=utf-8';
  return {
    Authorization: tencentTc3Authorization({ ...i, contentType, service: i.service || 'sms', timestamp }),
    'Content-Type': contentType,
    'X-TC-Action': 'SendSms',
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Version': '2021-01-11',
    'X-TC-Region': i.region || 'ap-guangzhou',
  };
}
