import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ServiceError } from './ajax.ts';
import type { LoginCtx } from './context.ts';
import { MSG } from './messages.ts';
import { bearer, type LoginSession } from './session.ts';
import type { SysUser } from './users.ts';

/** Hono variables the routes share: the caller's account and session once the guard has run. */
export type LoginEnv = { Variables: { user: SysUser; session: LoginSession } };

/** Spring Security's entry point: a missing or bad token is `{code:401}` with HTTP 200. */
export function requireLogin(ctx: LoginCtx): MiddlewareHandler<LoginEnv> {
  return async (c, next) => {
    const r = ctx.sessions.resolve(bearer(c.req.header('authorization')));
    if (!r) throw new ServiceError(MSG.unauthorized(c.req.path), 401);
    c.set('user', r.user);
    c.set('session', r.session);
    return next();
  };
}

/** @PreAuthorize on iot:platform:*: only the administrator role holds these permissions. */
export function requireAdmin(): MiddlewareHandler<LoginEnv> {
  return async (c, next) => {
    if (c.get('user').roleKey !== 'admin') throw new ServiceError(MSG.forbidden, 403);
    return next();
  };
}

/** The caller's address for login_ip (loopback in the sandbox). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}
