import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildRpcRequest, canonicalizedQuery, percentEncode, rpcSignature, rpcStringToSign } from './aliyun-rpc.ts';
import { parseAcs3Authorization, sha256Hex, signV3Request, v3CanonicalRequest, v3Signature, v3StringToSign } from './aliyun-v3.ts';
import { parseTc3Authorization, tc3CanonicalRequest, tc3Date, tc3JsonHeaders, tc3Signature, tc3StringToSign } from './tencent-tc3.ts';
import { CAPTURED } from '../test-support.ts';

// Vectors: the requests captured from the official SDKs, docs/wire/sms.md#captured-requests (fake keys).
const ALI_SECRET = CAPTURED.keys.aliyunSecret;
const SIGN_NAME = CAPTURED.aliyunRpc.params.SignName;

describe('percentEncode', () => {
  it('encodes the RFC 3986 way: %20 for space, %2A for *, ~ kept, UTF-8 bytes upper-case', () => {
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
    expect(percentEncode('阿')).toBe('%E9%98%BF');
    expect(percentEncode('2026-11-24T05:41:18Z')).toBe('2026-11-24T05%3A41%3A18Z');
  });
});

describe('Aliyun RPC HMAC-SHA1', () => {
  const { params, signature } = CAPTURED.aliyunRpc;

  it('reproduces the signature the SDK sent (captured wire)', () => {
    expect(rpcSignature(params, ALI_SECRET, 'POST')).toBe(signature);
    expect(rpcStringToSign(params)).toMatch(
      /^POST&%2F&AccessKeyId%3DLTAI5tFAKEFAKEFAKEFAKE01%26Action%3DSendSms%26Format%3Djson%26OutId%3Dorder-42%26PhoneNumbers%3D13800138000%26SignName%3D%25E9%2598%25BF/,
    );
  });

  it('ignores a Signature parameter and changes with any tampered value', () => {
    expect(rpcSignature({ ...params, Signature: 'x' }, ALI_SECRET)).toBe(signature);
    expect(rpcSignature({ ...params, PhoneNumbers: '13800138001' }, ALI_SECRET)).not.toBe(signature);
    expect(canonicalizedQuery({ b: '1', a: '2', Signature: 'z' })).toBe('a=2&b=1');
  });

  it('buildRpcRequest puts Signature first in the query and the business params in the body (SMS4J layout)', () => {
    const r = buildRpcRequest({
      accessKeyId: 'AK',
      accessKeySecret: 'S',
      action: 'SendSms',
      params: { PhoneNumbers: '13800138000', SignName: 'x' },
      nonce: 'n',
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(r.query.startsWith('Signature=')).toBe(true);
    expect(r.body).toBe('PhoneNumbers=13800138000&SignName=x');
    const all: Record<string, string> = {};
    for (const part of [...r.query.split('&'), ...r.body.split('&')]) {
      const [k, v] = part.split('=');
      all[decodeURIComponent(k!)] = decodeURIComponent(v!);
    }
    expect(rpcSignature(all, 'S')).toBe(all.Signature);
  });
});

describe('Aliyun V3 ACS3-HMAC-SHA256', () => {
  const headers = {
    host: '127.0.0.1:18080',
    'x-acs-version': '2017-05-25',
    'x-acs-action': 'SendSms',
    'x-acs-date': '2026-11-24T05:41:17Z',
    'x-acs-signature-nonce': '87681a95098a348729da8260752525e0c058463251e9ae15c21199a4920025ba',
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-acs-credentials-provider': 'static_ak',
    accept: 'application/json',
  };
  const auth =
    'ACS3-HMAC-SHA256 Credential=LTAI5tFAKEFAKEFAKEFAKE01,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=2ebad7394d43c26939ccf56d6459d8fc06bdd7bca251ec641a1bfc97f80cf1a7';
  const query = { OutId: 'order-42', PhoneNumbers: '13800138000', SignName: SIGN_NAME, TemplateCode: 'SMS_154950909', TemplateParam: '{"code":"123456"}' };

  it('reproduces the signature the SDK sent (captured wire)', () => {
    const a = parseAcs3Authorization(auth)!;
    expect(a.accessKeyId).toBe('LTAI5tFAKEFAKEFAKEFAKE01');
    expect(sha256Hex('')).toBe(headers['x-acs-content-sha256']);
    expect(sha256Hex(new Uint8Array())).toBe(createHash('sha256').update('').digest('hex'));
    expect(sha256Hex('a')).toBe(createHash('sha256').update('a').digest('hex'));
    const canonical = v3CanonicalRequest({ method: 'POST', query, headers, signedHeaders: a.signedHeaders, payloadHash: sha256Hex('') });
    expect(canonical.split('\n')[2]).toBe(
      'OutId=order-42&PhoneNumbers=13800138000&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95&TemplateCode=SMS_154950909&TemplateParam=%7B%22code%22%3A%22123456%22%7D',
    );
    expect(v3Signature(ALI_SECRET, v3StringToSign(canonical))).toBe(a.signature);
  });

  it('rejects malformed Authorization values', () => {
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=x')).toBeUndefined();
    expect(parseAcs3Authorization('Bearer abc')).toBeUndefined();
  });

  it('signV3Request signs every header it sets, body included', () => {
    const h = signV3Request({
      accessKeyId: 'AK',
      accessKeySecret: 'S',
      host: 'h:1',
      action: 'SendBatchSms',
      body: 'a=1',
      date: '2026-01-01T00:00:00Z',
      nonce: 'n',
    });
    const a = parseAcs3Authorization(h.authorization!)!;
    expect(a.signedHeaders).toContain('content-type');
    const canonical = v3CanonicalRequest({ method: 'POST', query: {}, headers: h, signedHeaders: a.signedHeaders, payloadHash: sha256Hex('a=1') });
    expect(v3Signature('S', v3StringToSign(canonical))).toBe(a.signature);
  });
});

describe('Tencent TC3-HMAC-SHA256', () => {
  const { body, authorization: auth } = CAPTURED.tencentTc3;

  it('reproduces the signature the Node SDK sent: service "127", host without its port', () => {
    const a = parseTc3Authorization(auth)!;
    expect(a).toMatchObject({ secretId: 'AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE0001', date: '2026-11-24', service: '127' });
    expect(tc3Date(1795498878)).toBe('2026-11-24');
    const canonicalRequest = tc3CanonicalRequest({ contentType: 'application/json', host: '127.0.0.1', payload: Buffer.from(body) });
    expect(tc3Signature({ secretKey: CAPTURED.keys.tencentSecret, date: a.date, service: a.service, timestamp: 1795498878, canonicalRequest })).toBe(
      a.signature,
    );
    const withPort = tc3CanonicalRequest({ contentType: 'application/json', host: '127.0.0.1:18080', payload: Buffer.from(body) });
    expect(
      tc3Signature({ secretKey: CAPTURED.keys.tencentSecret, date: a.date, service: a.service, timestamp: 1795498878, canonicalRequest: withPort }),
    ).not.toBe(a.signature);
  });

  it('tc3JsonHeaders signs like SMS4J: service sms, host with port, charset content type', () => {
    const h = tc3JsonHeaders({ secretId: 'AKID1', secretKey: 'K', host: '127.0.0.1:7702', body: '{}', timestamp: 1795498878 });
    const a = parseTc3Authorization(h.Authorization!)!;
    expect(a.service).toBe('sms');
    expect(h.Host).toBe('127.0.0.1:7702');
    const canonicalRequest = tc3CanonicalRequest({ contentType: h['Content-Type']!, host: '127.0.0.1:7702', payload: '{}' });
    expect(tc3Signature({ secretKey: 'K', date: a.date, service: 'sms', timestamp: 1795498878, canonicalRequest })).toBe(a.signature);
  });

  it('derives the key from the secret, date and service of each call, however calls alternate', () => {
    // The documented chain, step by step, to check the derived keys the signer keeps between calls.
    const mac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();
    const expected = (secretKey: string, date: string, service: string, toSign: string) =>
      createHmac('sha256', mac(mac(mac(`TC3${secretKey}`, date), service), 'tc3_request'))
        .update(toSign, 'utf8')
        .digest('hex');
    const canonicalRequest = tc3CanonicalRequest({ contentType: 'application/json', host: 'sms.tencentcloudapi.com', payload: '{}' });
    const calls = [
      ['K1', '2026-11-24', 'sms'],
      ['K2', '2026-11-24', 'sms'],
      ['K1', '2026-11-25', 'sms'],
      ['K1', '2026-11-24', '127'],
      ['K1', '2026-11-24', 'sms'],
      // Fields that would run together if the parts were merely concatenated.
      ['K1', '2026-11-24/', 'sms'],
      ['K1', '2026-11-24', '/sms'],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [secretKey, date, service] of calls) {
        const toSign = tc3StringToSign(1795498878, date, service, canonicalRequest);
        expect(tc3Signature({ secretKey, date, service, timestamp: 1795498878, canonicalRequest })).toBe(expected(secretKey, date, service, toSign));
      }
    }
  });

  it('rejects malformed Authorization values', () => {
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=AKID/2026-11-24/sms, SignedHeaders=content-type;host, Signature=x')).toBeUndefined();
    expect(parseTc3Authorization('SKIP')).toBeUndefined();
  });
});
