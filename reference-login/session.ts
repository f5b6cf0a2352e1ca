import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { signJwt, verifyJwt } from './jwt.ts';
import type { Kv } from './kv.ts';
import type { SysUser, Users } from './users.ts';

/** token.expireTime: sessions live 1440 minutes, renewed when under 20 minutes remain. */
const SESSION_MINUTES = 1440;
const REFRESH_BELOW_MS = 20 * 60_000;

/** What FastBee keeps at login_tokens:<uuid> (a trimmed LoginUser). */
export interface LoginSession {
  token: string;
  userId: number;
  userName: string;
  loginTime: number;
  expireTime: number;
  ipaddr: string;
}

const key = (uuid: string) => `login_tokens:${uuid}`;

/**
 * FastBee's TokenService: a session row with a TTL, and an HS512 JWT carrying only its key and the
 * user name (no exp claim: the session's TTL is the expiry, so logout and expiry are server-side).
 */
export class Sessions {
  constructor(
    private readonly kv: Kv,
    private readonly clock: Clock,
    private readonly users: Users,
    private readonly secret: () => string,
  ) {}

  create(user: SysUser, ip: string): string {
    const uuid = randomUUID();
    const now = this.clock.now();
    const s: LoginSession = {
      token: uuid,
      userId: user.userId,
      userName: user.userName,
      loginTime: now,
      expireTime: now + SESSION_MINUTES * 60_000,
      ipaddr: ip,
    };
    this.kv.set(key(uuid), s, SESSION_MINUTES * 60);
    return signJwt({ login_user_key: uuid, sub: user.userName }, this.secret());
  }

  /** The session and live account behind a JWT, or undefined (bad signature, expired, logged out, account disabled). */
  resolve(jwt: string | undefined): { session: LoginSession; user: SysUser } | undefined {
    if (!jwt) return undefined;
    const claims = verifyJwt(jwt, this.secret());
    if (!claims) return undefined;
    const session = this.kv.get<LoginSession>(key(claims.login_user_key));
    if (!session) return undefined;
    const user = this.users.byId(session.userId);
    if (user?.status !== '0') return undefined;
    const now = this.clock.now();
    if (session.expireTime - now < REFRESH_BELOW_MS) {
      session.expireTime = now + SESSION_MINUTES * 60_000;
      this.kv.set(key(session.token), session, SESSION_MINUTES * 60);
    }
    return { session, user };
  }

  remove(jwt: string | undefined): boolean {
    const claims = jwt ? verifyJwt(jwt, this.secret()) : undefined;
    return claims ? this.kv.del(key(claims.login_user_key)) : false;
  }
}

/** `Authorization: Bearer <jwt>` → the jwt (FastBee strips the prefix; a bare token is accepted too). */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const t = header.replace(/^Bearer\s+/i, '').trim();
  return t || undefined;
}
