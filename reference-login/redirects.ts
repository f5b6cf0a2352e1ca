/**
 * Where the login system may send a browser. Platform URIs beginning with "/" are relative to the
 * login system's own public origin (known only once it listens, so they are resolved per request);
 * absolute ones must be on that origin or on an origin the operator listed. FastBee follows any
 * configured URI and, on unexpected errors, `https://<Host header>`; both are open redirects.
 */
export class RedirectPolicy {
  constructor(private readonly publicUrl: () => string, private readonly extraOrigins: string[] = []) {}

  origin(): string {
    return new URL(this.publicUrl()).origin;
  }

  /** "/x" → "<origin>/x"; anything else unchanged. */
  resolve(uri: string): string {
    return uri.startsWith('/') && !uri.startsWith('//') ? this.origin() + uri : uri;
  }

  /** True for URLs on the own origin or a listed one, http(s) only. */
  allowed(url: string): boolean {
    let u: URL;
    try {
      u = new URL(this.resolve(url));
    } catch {
      return false;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    return u.origin === this.origin() || this.extraOrigins.some((o) => safeOrigin(o) === u.origin);
  }

  /** The resolved URL when allowed, else undefined. */
  target(uri: string): string | undefined {
    if (!uri) return undefined;
    return this.allowed(uri) ? this.resolve(uri) : undefined;
  }

  /** A same-origin path for post-login navigation (`?redirect=`); anything else becomes "/". */
  static localPath(p: string | undefined | null): string {
    if (!p || !p.startsWith('/') || p.startsWith('//') || p.startsWith('/\\')) return '/';
    return p;
  }
}

function safeOrigin(o: string): string | undefined {
  try {
    return new URL(o).origin;
  } catch {
    return undefined;
  }
}
