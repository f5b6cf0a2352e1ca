/**
 * Test support: the seeded generator of malformed input the fuzz tests share (mock-wechat,
 * reference-login, console). Seeded, so a failure reproduces: WXMOCK_FUZZ_SEED=<seed>.
 */
import { expect } from 'vitest';
import { CONTROL_ERRORS, type ControlCode } from './control-errors.ts';
import { HttpClient } from './http-client.ts';

export const FUZZ_SEED = Number(process.env.WXMOCK_FUZZ_SEED) || 20_251_125;

/** mulberry32: small, fast and good enough to pick cases. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof prng>;

const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*()\'"<>{}[]|\\^`$,;:@/?#= +';
export const garbage = (r: Rng, max = 40) => Array.from({ length: 1 + r.int(max) }, () => r.pick([...PRINTABLE])).join('');
/** Broken or odd percent-encodings and invalid UTF-8, sent as is. */
export const BAD_ENCODINGS = ['%ZZ', '%E0%A4%A', '%C3%28', '%FF%FE', '%00', '%', '%%41', '%ED%A0%80', '%F4%90%80%80', '%C0%AF'];
export const HUGE = 'W'.repeat(4000);

/** A query value: encoded text, or raw text put into the URL unchanged. */
export type QueryValue = { text: string } | { raw: string };

export function breakValue(r: Rng, valid: string): QueryValue | undefined {
  switch (r.int(9)) {
    case 0:
      return undefined;
    case 1:
      return { text: '' };
    case 2:
      return { text: garbage(r) };
    case 3:
      return { text: HUGE };
    case 4:
      return { raw: r.pick(BAD_ENCODINGS) + (r.chance(0.5) ? valid : '') };
    case 5:
      return { text: '中文🌸\u0000\uFFFF' };
    case 6:
      return { text: `${valid} ` };
    case 7:
      return { text: valid.slice(0, -1) };
    default:
      return { text: valid.toUpperCase() === valid ? `${valid}x` : valid.toUpperCase() };
  }
}

export function buildQuery(pairs: [string, QueryValue][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${'raw' in v ? v.raw : encodeURIComponent(v.text)}`).join('&');
}

export const WRONG_TYPES = (valid: unknown): unknown[] => [0, -1, 1.5, 1e308, true, false, null, [], [valid], { v: valid }, [[valid]]];
export const BROKEN_JSON = [
  '{',
  '{"code":',
  '{"a":1}}',
  "{'appid':'x'}",
  'null',
  '[]',
  '1',
  '"text"',
  'true',
  '',
  '   ',
  '\u0000',
  '{"appid":"wx","appid":}',
  'appid=wx&secret=x',
];
export const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);

export interface FuzzCase {
  label: string;
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** C0 controls (tab, LF, CR, NUL, ESC …), DEL and C1 controls. */
const CONTROL_CHARS = ['\t', '\n', '\r', '\0', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\x80', '\x85', '\x9f'];

/** `valid` with a control character put in at the start, the end or inside, sometimes several. */
export function withControls(r: Rng, valid: string): string {
  let out = valid;
  for (let n = 1 + r.int(3); n > 0; n--) {
    const at = r.pick([0, out.length, r.int(out.length + 1)]);
    out = out.slice(0, at) + r.pick(CONTROL_CHARS) + out.slice(at);
  }
  return out;
}

/** The control characters fetch lets into a header value: tab, and C1 (as Latin-1 bytes); it refuses the other C0 and DEL. */
export const HEADER_CONTROL_CHARS = ['\t', '\x80', '\x85', '\x9f'];

/** `valid` with a control character inside it (never at an end, where trimming would remove it): always invalid. */
export function controlInside(r: Rng, valid: string, chars: readonly string[] = CONTROL_CHARS): string {
  const at = valid.length > 1 ? 1 + r.int(valid.length - 1) : valid.length;
  return valid.slice(0, at) + r.pick(chars) + valid.slice(at);
}

/** A JSON value for a field whose valid value is `valid`: wrong type, garbage, control characters, oversized, or missing (undefined). */
export function brokenField(r: Rng, valid: string): unknown {
  switch (r.int(6)) {
    case 0:
      return undefined;
    case 1:
      return r.pick(WRONG_TYPES(valid));
    case 2:
      return garbage(r);
    case 3:
      return withControls(r, valid);
    case 4:
      return 'y'.repeat(r.pick([300, 100_000]));
    default:
      return r.pick(['', ' ', '中文🌸\u0000\uFFFF', '<script>alert(1)</script>', "' OR 1=1 --"]);
  }
}

export async function send(url: string, c: FuzzCase): Promise<{ status: number; type: string; raw: string }> {
  const withBody = c.body !== undefined && c.method !== 'GET' && c.method !== 'HEAD';
  const headers = withBody ? { ...c.headers, 'content-type': c.contentType ?? 'application/json' } : { ...c.headers };
  const res = await new HttpClient(url, { redirect: 'follow' }).request(c.method, c.path, { body: withBody ? c.body : undefined, headers });
  return { status: res.status, type: res.contentType, raw: res.raw };
}

export type Answer = Awaited<ReturnType<typeof send>>;

/**
 * Sends `count` cases that `make` draws from the generator seeded FUZZ_SEED ^ `salt`, one after the
 * other, and yields each with its answer; `where` names the seed, the case and its request, so a
 * failure says what to send again.
 */
export async function* fuzzCases(
  url: string,
  kind: string,
  count: number,
  salt: number,
  make: (r: Rng) => FuzzCase,
): AsyncGenerator<{ c: FuzzCase; a: Answer; where: string }> {
  const r = prng(FUZZ_SEED ^ salt);
  for (let i = 0; i < count; i++) {
    const c = make(r);
    const where = `seed ${FUZZ_SEED} ${kind} case ${i}: ${c.label} ${c.method} ${c.path.slice(0, 200)} ${typeof c.body === 'string' ? c.body.slice(0, 200) : ''}`;
    yield { c, a: await send(url, c), where };
  }
}

/** A refusal of the control API: a 4xx, `{error:{code,message}}` and nothing else, a code of the control table with its status. */
export function expectControlRefusal(a: Answer, where: string): void {
  expect(a.status >= 400 && a.status < 500, `${where} -> ${a.status} ${a.raw.slice(0, 300)}`).toBe(true);
  const body = JSON.parse(a.raw);
  expect(Object.keys(body), where).toEqual(['error']);
  expect(typeof body.error.code === 'string' && typeof body.error.message === 'string', where).toBe(true);
  expect(Object.keys(CONTROL_ERRORS), where).toContain(body.error.code);
  expect(a.status, where).toBe(CONTROL_ERRORS[body.error.code as ControlCode].status);
}

/** A broken body for a control call: not JSON, or JSON that is not an object. */
export function brokenControlBody(r: Rng): string {
  return r.pick(BROKEN_JSON.filter((b) => b.trim()).concat(['[1,2]', '"x"', '42']));
}

/** Malformed calls of the control routes every service shares (core/control.ts): the fault queue and the clock. */
export function sharedControlCases(r: Rng): (() => FuzzCase)[] {
  const json = (v: unknown) => JSON.stringify(v);
  return [
    () => ({
      label: 'faults post',
      method: 'POST',
      path: '/__mock/faults',
      body: r.pick([
        brokenControlBody(r),
        json({}),
        json({ endpoint: r.pick([5, '', [], {}]), errcode: -1 }),
        json({ endpoint: '*' }),
        json({ endpoint: '*', errcode: r.pick(['x', 1.5, [], {}]) }),
        json({ endpoint: '*', httpStatus: r.pick([200, 600, 'x', 399]) }),
        json({ endpoint: '*', delayMs: r.pick([-1, 1e9, 'x']) }),
        json({ endpoint: '*', errcode: -1, times: r.pick([0, -1, 1.5, 'x', [], {}]) }),
      ]),
    }),
    () => ({
      label: 'clock post',
      method: 'POST',
      path: '/__mock/clock',
      body: r.pick([
        brokenControlBody(r),
        json({}),
        json({ offsetMs: r.pick(['x', {}, [1, 2], 1e300, -1e300, '1e400', controlInside(r, '1000')]) }),
        json({ advanceSeconds: r.pick(['x', {}, 1e20, -1e20, [1]]) }),
        json({ advanceMs: r.pick(['soon', 1e300]) }),
      ]),
    }),
  ];
}
