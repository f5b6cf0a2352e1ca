import type { Provider } from './world/types.ts';

/**
 * Template placeholders, rendering and code extraction. Aliyun templates name their variables
 * (`${code}`), Tencent templates number them (`{1}`, `{2}`).
 */

const ALIYUN_VAR = /\$\{([^}]+)\}/g;
const TENCENT_VAR = /\{(\d+)\}/g;

/** Distinct variable names: Aliyun in order of appearance, Tencent sorted by number. */
export function placeholders(provider: Provider, text: string): string[] {
  const re = provider === 'aliyun' ? ALIYUN_VAR : TENCENT_VAR;
  const names = [...new Set([...text.matchAll(re)].map((m) => m[1]!))];
  return provider === 'tencent' ? names.sort((a, b) => Number(a) - Number(b)) : names;
}

/** Aliyun: the variables TemplateParam leaves out. */
export function missingAliyunParams(text: string, params: Record<string, string>): string[] {
  return placeholders('aliyun', text).filter((v) => params[v] === undefined);
}

export function renderAliyun(text: string, params: Record<string, string>): string {
  return text.replace(ALIYUN_VAR, (whole, name: string) => params[name] ?? whole);
}

export function renderTencent(text: string, params: string[]): string {
  return text.replace(TENCENT_VAR, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

/** What the phone shows: 【sign】 then the rendered text. */
export function withSign(signName: string, text: string): string {
  return `【${signName}】${text}`;
}

const CODE_KEYS = ['code', 'captcha', 'verifycode', 'verify_code', 'smscode', 'sms_code', 'authcode', 'checkcode'];

/**
 * The verification code in a send, for the inbox: the first value under a code-like key, else the
 * template's first variable, else the first value (FastBee maps its captcha to the first placeholder).
 * Tencent: TemplateParamSet[0].
 */
export function extractCode(provider: Provider, params: Record<string, string> | string[], templateText?: string): string | null {
  if (Array.isArray(params)) return params[0] ?? null;
  const entries = Object.entries(params);
  for (const key of CODE_KEYS) {
    const hit = entries.find(([k]) => k.toLowerCase() === key);
    if (hit) return hit[1];
  }
  const first = templateText ? placeholders(provider, templateText)[0] : undefined;
  if (first !== undefined && params[first] !== undefined) return params[first];
  return entries[0]?.[1] ?? null;
}

/** Billed segments: 70 characters fit one message, longer texts go in 67-character parts. */
export function segments(fullText: string): number {
  const n = [...fullText].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}
