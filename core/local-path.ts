/** Control characters (C0, DEL, C1) and the backslash: browsers drop or reinterpret them in URLs. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
export const URL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Where a `?redirect=`-style parameter may send a browser: a path on the own origin, or "/".
 *
 * Browsers drop tab, CR and LF from URLs and read "\" as "/", so "/\t/evil.example/" and
 * "/\\evil.example" are "//evil.example/" to them: another host. A value is refused when, raw or
 * after any of up to three rounds of percent-decoding (a double-encoded "%2509" is a tab to
 * whoever decodes twice), it holds a control character (C0, DEL, C1) or a backslash, or starts
 * with "//" as written or once dot segments are resolved ("/.//evil.example"); also when its
 * percent-encoding is broken. What is kept comes back as the URL serializer writes it (non-ASCII
 * percent-encoded, so it fits an HTTP header).
 *
 * The login page's script imports this very function (reference-login/client/common.ts), so the
 * browser and the server apply one rule: it must run in both, which tsconfig.client.json checks
 * (DOM types, no Node's).
 */
export function localPath(p: unknown): string {
  if (typeof p !== 'string' || p.charAt(0) !== '/') return '/';
  const base = 'http://own.invalid';
  let kept = '';
  let s = p;
  for (let round = 0; ; round++) {
    if (URL_UNSAFE.test(s) || s.charAt(1) === '/') return '/';
    // As a browser resolves it: dot segments can bring a "//" to the front ("/a/..//x").
    let u: URL;
    try {
      u = new URL(s, base);
    } catch {
      return '/';
    }
    const path = u.pathname + u.search + u.hash;
    if (u.origin !== base || path.charAt(1) === '/' || URL_UNSAFE.test(path)) return '/';
    if (round === 0) kept = path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return '/';
    }
    if (decoded === s) return kept;
    if (round === 3) return '/';
    s = decoded;
  }
}
