/**
 * Phone numbers as both gateways accept them: bare 11-digit mainland numbers, or with a +86 /
 * 0086 / 86 prefix; international ones as +<digits> or 00<digits>. Stored as E.164.
 */
export function normalisePhone(raw: string): string | undefined {
  const s = raw.trim();
  let m = /^(?:\+86|0086|86)?(1\d{10})$/.exec(s);
  if (m) return `+86${m[1]}`;
  m = /^(?:\+|00)([1-9]\d{5,14})$/.exec(s);
  if (m) return `+${m[1]}`;
  return undefined;
}

/** A mainland China mobile number (E.164), the only kind a domestic verification template reaches. */
export function isMainlandMobile(e164: string): boolean {
  return /^\+861[3-9]\d{9}$/.test(e164);
}

/** 13800138000 for +8613800138000; other numbers unchanged. */
export function nationalNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164;
}

/** The spellings a person may have used for a number (fault filters are compared as written). */
export function phoneSpellings(e164: string): string[] {
  if (!e164.startsWith('+86')) return [e164, `00${e164.slice(1)}`];
  const n = e164.slice(3);
  return [e164, n, `86${n}`, `0086${n}`];
}
