import { Hono } from 'hono';
import { listen, type RunningServer } from '../core/serve.ts';

/**
 * Real api.weixin.qq.com answers as quoted in public sources (docs/mock-wechat.md,
 * docs/wire/wechat-requests.md), and a tiny server that replays them, so a client library's
 * behaviour against the mock can be compared with its behaviour against the real bodies. Where the published sample shows only the start of a value (tokens, a watermark
 * appid), the rest is filled in with characters of the same alphabet; everything else is verbatim.
 */
export const RECORDED = {
  /** captured Content-Type of /cgi-bin/token (docs/wire/wechat-requests.md) */
  contentType: 'application/json; encoding=utf-8',
  /** captured Content-Type of the /sns/* answers: text/plain, no charset (docs/wire/wechat-requests.md) */
  snsContentType: 'text/plain',
  /** /cgi-bin/token's shape; tokens start as the captured 66_ey1kdkzl… and 52_b6mL0ow4… (docs/wire/wechat.md#identifier-shapes) */
  tokens: [
    '{"access_token":"66_ey1kdkzlQm3Yk2cXbGN7rLwVd8PZtQe0aFh5sJxUu1oRi9nBvCyMgT4EWqHlDz6IpKf2OjA-SnXc7e_VbY0tLgRu3wZmQ8hNdPoF5iJs1kEaG9yCqT2vBlUx6rHzWj4_MnOp0cXfKd","expires_in":7200}',
    '{"access_token":"52_b6mL0ow4Tz8xPq2NcVa5Rj7YkWs1Ed3GhUf9Lm0BiOp6Qr4StXv_ZyAe8DgHk2JlMn5Fo7Cq1Bw3Ux9Iy0Pt-Kr6Ws4Vz2Yx8Aa1Cc3Ee5Gg7Ii9Kk0Mm2Oo4Qq6Ss8Uu0Ww2Yy4Zz6","expires_in":7200}',
  ],
  /** success without errcode (docs/wire/wechat.md#success-bodies-without-errcode); session_key and openid are the captured samples */
  jscode2session: '{"session_key":"nzoqhc3OnwHzeTxJs+inbQ==","openid":"oEFbN6Kch-_VScWaQ7VIjPmKYQGU"}',
  /** the captured getuserphonenumber body (docs/wire/wechat.md#phone-number); the watermark appid (elided there) is the sample AppID of docs/wire/wechat.md#identifier-shapes */
  phone:
    '{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"15764212419","purePhoneNumber":"15764212419","countryCode":"86","watermark":{"timestamp":1726847080,"appid":"wx520c15f417810387"}}}',
  /** captured error bodies, verbatim (docs/wire/wechat.md#errmsg-and-its-rid) */
  invalidAppsecret: '{"errcode":40125,"errmsg":"invalid appsecret rid: 63cf14c3-1af7da21-37efbc86"}',
  invalidCode: '{"errcode":40029,"errmsg":"invalid code, rid: 610bd4ad-0b8248fc-0a4d403b"}',
  codeBeenUsed: '{"errcode":40163,"errmsg":"code been used, rid: 6538ac7d-18c7e09b-572e68c3"}',
  notLatest: '{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest rid: 62c53f7f-0bbfe609-5464fb0c"}',
} as const;

export interface ReplayServer {
  url: string;
  /** the secret the replayed /cgi-bin/token accepts */
  secret: string;
  /** /cgi-bin/token answers served so far */
  tokenCalls(): number;
  /** a js_code the replayed jscode2session will take once */
  newJsCode(): string;
  stop(): Promise<void>;
}

/**
 * Picks the recorded body a real server would have sent: the right secret gets a token (they
 * alternate, and only the latest is current); a js_code works once; anything else gets the
 * recorded error for it.
 */
export async function startReplayServer(): Promise<ReplayServer> {
  const secret = 'replay-secret';
  const issued = new Set<string>();
  const used = new Set<string>();
  let served = 0;
  let latest = '';
  let codes = 0;
  const app = new Hono();
  const send = (body: string, type: string = RECORDED.contentType) => new Response(body, { status: 200, headers: { 'Content-Type': type } });

  app.get('/cgi-bin/token', (c) => {
    if (c.req.query('secret') !== secret) return send(RECORDED.invalidAppsecret);
    const body = RECORDED.tokens[served++ % RECORDED.tokens.length]!;
    latest = JSON.parse(body).access_token;
    return send(body);
  });
  app.get('/sns/jscode2session', (c) => {
    const code = c.req.query('js_code') ?? '';
    if (!issued.has(code)) return send(RECORDED.invalidCode, RECORDED.snsContentType);
    if (used.has(code)) return send(RECORDED.codeBeenUsed, RECORDED.snsContentType);
    used.add(code);
    return send(RECORDED.jscode2session, RECORDED.snsContentType);
  });
  app.post('/wxa/business/getuserphonenumber', (c) => send(c.req.query('access_token') === latest ? RECORDED.phone : RECORDED.notLatest));

  const server: RunningServer = await listen(app.fetch);
  return {
    url: server.url,
    secret,
    tokenCalls: () => served,
    newJsCode: () => {
      const code = `replay-code-${++codes}`;
      issued.add(code);
      return code;
    },
    stop: () => server.close(),
  };
}
