import { localPath, URL_UNSAFE } from '../core/local-path.ts';

/**
 * Where the login system may send a browser. Platform URIs beginning with "/" are relative to the
 * login system's own public origin (known only once it listens, so they are resolved per request)
 * and follow the rule of `?redirect=` (core/local-path.ts); absolute ones must be on that origin or
 * on an origin the operator listed, and may hold no control character or backslash. What comes
 * back is the URL as the URL serializer writes it, so it fits a Location header. FastBee follows
 * any configured URI and, on unexpected errors, `https://<Host header>`; both are open redirects.
 */
export class RedirectPolicy {
  constructor(
    private readonly publicUrl: () => string,
    private readonly extraOrigins: string[] = [],
  ) {}

  origin(): string {
    return new URL(this.publicUrl()).origin;
  }

  /** True for URLs on the own origin or a listed one, http(s) only. */
  allowed(url: string): boolean {
    return this.target(url) !== undefined;
  }

  /** The URL to send a browser to ("/x" → "<origin>/x"), or undefined when it is not allowed. */
  target(uri: string): string | undefined {
    if (!uri) return undefined;
    if (uri.startsWith('/')) {
      const path = localPath(uri);
      return path === '/' && uri !== '/' ? undefined : this.origin() + path;
    }
    if (URL_UNSAFE.test(uri)) return undefined;
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return undefined;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin === this.origin() || this.extraOrigins.some((o) => safeOrigin(o) === u.origin) ? u.href : undefined;
  }
}

function safeOrigin(o: string): string | undefined {
  try {
    return new URL(o).origin;
  } catch {
    return undefined;
  }
}
