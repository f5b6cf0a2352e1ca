/** Names whose values are credentials and never reach the journal or a log in full. */
const SECRET_NAMES = new Set([
  'secret',
  'appsecret',
  'app_secret',
  'secret_key',
  'secretkey',
  'session_key',
  'sessionkey',
  'accesskeysecret',
  'access_key_secret',
  'password',
  'userpwd',
  'oldpassword',
  'newpassword',
  'controltoken',
  'x-wxmock-token',
]);

/** A JSON key that is one of SECRET_NAMES, in any case: "session_key": … */
const SECRET_KEY = new RegExp(`"(?:${[...SECRET_NAMES].join('|')})"\\s*:`, 'i');

/**
 * True when JSON text may carry a secret-named key. Only for JSON the mock wrote itself, which has
 * no escapes in its keys; anything else is parsed and masked field by field (maskJson).
 */
export function mentionsSecretKey(json: string): boolean {
  return SECRET_KEY.test(json);
}

function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** Keeps enough of a secret to tell two apart, never enough to use it. */
function maskValue(value: unknown): string {
  const s = String(value ?? '');
  if (s.length <= 4) return '****';
  return `${s.slice(0, 3)}****${s.slice(-2)}`;
}

/** Deep copy of a JSON value with secret-named fields masked. */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) && v != null && typeof v !== 'object' ? maskValue(v) : maskJson(v);
    return out;
  }
  return value;
}

/** Masks secret-named parameters in a query string or form body. */
export function maskParams(raw: string): string {
  if (!raw) return raw;
  return raw
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        return pair;
      }
      return isSecretName(name) ? `${pair.slice(0, eq)}=${maskValue(pair.slice(eq + 1))}` : pair;
    })
    .join('&');
}

/** Masks a body of unknown format: JSON if it parses, else form-encoded. */
export function maskBody(text: string): string {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(maskJson(JSON.parse(t)));
    } catch {
      return text;
    }
  }
  return maskParams(text);
}

/** Header values that carry credentials are masked whatever their name says. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const lk = k.toLowerCase();
    if (lk === 'authorization')
      out[k] = v
        .replace(/(Signature=)([0-9a-fA-F]+)/, (_m, p: string, sig: string) => p + maskValue(sig))
        .replace(/^(Bearer|Basic)\s+(.+)$/i, (_m, scheme: string, tok: string) => `${scheme} ${maskValue(tok)}`);
    else if (lk === 'cookie' || isSecretName(lk)) out[k] = maskValue(v);
    else out[k] = v;
  }
  return out;
}
