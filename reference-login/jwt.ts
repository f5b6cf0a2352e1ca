import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims FastBee's TokenService puts in its JWT: the session key and the user name; no exp. */
export interface TokenClaims {
  login_user_key: string;
  sub: string;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** HS512 compact JWT, header `{"alg":"HS512"}` as jjwt writes it. */
export function signJwt(claims: TokenClaims, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS512' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha512', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Claims of a well-formed, correctly signed HS512 token; undefined otherwise. */
export function verifyJwt(token: string, secret: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, sig] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'HS512') return undefined;
    const expected = createHmac('sha512', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    if (typeof claims.login_user_key !== 'string' || typeof claims.sub !== 'string') return undefined;
    return { login_user_key: claims.login_user_key, sub: claims.sub };
  } catch {
    return undefined;
  }
}
