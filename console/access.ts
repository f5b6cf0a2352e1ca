import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ControlError } from '../core/control-errors.ts';
import { getCookie, setCookie } from 'hono/cookie';

/** The header every state-changing call of the page sends; other sites cannot send it without a CORS preflight we never grant. */
const WRITE_HEADER = 'x-wxmock-console';

const COOKIE = 'wxmock_console';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

/** The Host header's name without its port. */
function requestHostname(c: Context): string {
  const host = c.req.header('host') ?? '';
  const m = /^(\[[^\]]*\]|[^:]*)/.exec(host);
  return m ? m[1]! : host;
}

/**
 * Served on loopback, the console answers only requests addressed to a loopback name: a web page
 * whose domain was re-pointed at 127.0.0.1 (DNS rebinding) cannot reach it.
 */
export function loopbackHostGuard(enabled: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (enabled && !isLoopbackHost(requestHostname(c))) throw new ControlError('wrong_host', 'the console answers only on 127.0.0.1 / localhost');
    return next();
  };
}

/** Mutating API calls must come from the console's own page. */
export function writeGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header(WRITE_HEADER) !== '1')
      throw new ControlError('missing_console_header', `state-changing calls need the header ${WRITE_HEADER}: 1`);
    return next();
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * When the sandbox has a control token (it listens beyond loopback), the console asks for it once
 * and keeps a cookie derived from it; the token itself is never put into a page.
 */
export class ConsoleAccess {
  private readonly cookieValue: string | undefined;

  constructor(private readonly token: string | undefined) {
    this.cookieValue = token ? createHmac('sha256', token).update('wxmock console session').digest('hex') : undefined;
  }

  get required(): boolean {
    return !!this.token;
  }

  signedIn(c: Context): boolean {
    if (!this.cookieValue) return true;
    const v = getCookie(c, COOKIE);
    return !!v && sameSecret(v, this.cookieValue);
  }

  /** Checks a token a person typed (or put in ?token=) and, when right, signs the browser in. */
  signIn(c: Context, given: string | undefined): boolean {
    if (!this.token || !this.cookieValue || !given || !sameSecret(given, this.token)) return false;
    setCookie(c, COOKIE, this.cookieValue, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return true;
  }
}
