import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_ENCODINGS,
  brokenField,
  BROKEN_JSON,
  controlInside,
  FUZZ_SEED,
  fuzzCases,
  garbage,
  INVALID_UTF8,
  withControls,
  type FuzzCase,
  type Rng,
} from '../core/fuzz-support.ts';
import { HttpClient } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { startConsole, type StartedConsole } from './app.ts';

/**
 * Malformed requests to the console's API (its own routes and the control API it passes through),
 * control characters and oversized values included: never a 5xx, errors as
 * `{error:{code,message}}` with a 4xx, and both mocks' state unchanged. Seeded: WXMOCK_FUZZ_SEED=<seed>.
 */
const CASES = 300;
const WRITE = { 'x-wxmock-console': '1' };

type Doc = {
  format: string;
  wechat: { schema: number; tables: Record<string, Record<string, unknown>[]> };
  sms: { schema: number; tables: Record<string, Record<string, unknown>[]> };
};

/** A sandbox document with at least one defect that no import may take, and other damage besides. */
function brokenDoc(r: Rng, base: Doc): string | Uint8Array {
  if (r.chance(0.15)) return r.pick([...BROKEN_JSON, INVALID_UTF8]);
  const doc = structuredClone(base) as Doc & Record<string, unknown>;
  const part = r.pick(['wechat', 'sms'] as const);
  // The defect that is refused for sure …
  switch (r.int(7)) {
    case 0:
      doc[part].schema = r.pick([0, 999, -1]);
      break;
    case 1:
      doc[part].tables[controlInside(r, 'personas')] = [];
      break;
    case 2:
      doc[part].tables[Object.keys(doc[part].tables)[0]!]!.push({ [withControls(r, 'id')]: 'x' });
      break;
    case 3:
      (doc[part].tables as Record<string, unknown>)[Object.keys(doc[part].tables)[0]!] = r.pick([{}, 'rows', 5, null]);
      break;
    case 4:
      doc[part].tables[Object.keys(doc[part].tables).at(-1)!]!.push(r.pick([[], 'row', 5] as never));
      break;
    case 5:
      (doc as Record<string, unknown>).format = r.pick([controlInside(r, 'wxmock-sandbox'), 'wxmock-state', '', 5]);
      break;
    default:
      (doc[part] as Record<string, unknown>).tables = r.pick([[], 'x', null]);
  }
  // … and damage that alone might pass: long and control-laden values, extra keys.
  if (r.chance(0.5)) {
    const rows = (doc.wechat.tables as Record<string, unknown> | null)?.personas as Record<string, unknown>[] | undefined;
    if (Array.isArray(rows) && rows[0]) rows[0] = { ...rows[0], nickname: r.pick([withControls(r, '张三'), 'n'.repeat(100_000)]) };
  }
  if (r.chance(0.3)) doc[controlInside(r, 'login')] = { x: 1 };
  return JSON.stringify(doc);
}

function consoleCase(r: Rng, base: Doc): FuzzCase {
  const mock = () => r.pick(['wechat', 'sms']);
  const json = (v: unknown) => JSON.stringify(v);
  const cases: (() => FuzzCase)[] = [
    () => ({ label: 'import', method: 'PUT', path: '/api/state', body: brokenDoc(r, base), headers: WRITE }),
    () => ({
      label: 'import without the console header',
      method: r.pick(['PUT', 'POST', 'DELETE']),
      path: r.pick(['/api/state', '/api/wechat/personas', '/api/sms/reset']),
      body: json(base),
    }),
    () => ({
      label: 'journal',
      method: 'GET',
      path: `/api/journal?${r.pick(['source', 'limit', 'path', 'phone', 'appid', 'persona', 'head'])}=${r.chance(0.2) ? r.pick(BAD_ENCODINGS) : encodeURIComponent(String(brokenField(r, 'wechat') ?? ''))}&limit=${r.pick(['x', '-1', '1e9', '', encodeURIComponent(controlInside(r, '10'))])}`,
    }),
    () => ({ label: 'status', method: r.pick(['GET', 'POST']), path: '/api/status', headers: WRITE }),
    // Passed through to the mocks: bodies that no control route takes.
    () => ({
      label: 'personas',
      method: 'POST',
      path: '/api/wechat/personas',
      headers: WRITE,
      body: r.pick([
        r.pick(BROKEN_JSON),
        json({ id: r.pick([controlInside(r, 'fuzz-p'), '', 'x'.repeat(5000), '中文', ['fuzz-p']]) }),
        json({ id: 'zhangsan' }),
      ]),
    }),
    () => ({
      label: 'persona patch',
      method: 'PATCH',
      path: `/api/wechat/personas/${r.pick(['zhangsan', 'nobody', encodeURIComponent(controlInside(r, 'lisi'))])}`,
      headers: WRITE,
      body: r.pick([r.pick(BROKEN_JSON.filter((b) => b.trim())), json({ nickname: r.pick([5, [], '', 'n'.repeat(65)]) }), json({ sex: r.pick([9, 'x']) })]),
    }),
    () => ({
      label: 'sms config',
      method: r.pick(['POST', 'PATCH']),
      path: `/api/sms/${r.pick(['keys', 'signs', 'templates', 'options'])}`,
      headers: WRITE,
      body: r.pick([
        r.pick(BROKEN_JSON.filter((b) => b.trim())),
        json({ [r.pick(['id', 'name', 'provider', 'flowControl'])]: r.pick([5, [], {}, controlInside(r, 'aliyun'), 'x'.repeat(5000)]) }),
      ]),
    }),
    () => ({
      label: 'faults',
      method: 'POST',
      path: `/api/${mock()}/faults`,
      headers: WRITE,
      body: r.pick([
        r.pick(BROKEN_JSON),
        json({ endpoint: r.pick([5, '', [], {}]) }),
        json({ endpoint: controlInside(r, '/sns/auth'), times: r.pick([0, -1, 'x']), errcode: -1 }),
      ]),
    }),
    () => ({
      label: 'clock',
      method: 'POST',
      path: `/api/${mock()}/clock`,
      headers: WRITE,
      body: r.pick([
        r.pick(BROKEN_JSON),
        json({}),
        json({ advanceSeconds: r.pick(['x', [1], null, true, 1e20, controlInside(r, '60')]) }),
        json({ offsetMs: r.pick([[0], {}, '1e400', false]) }),
      ]),
    }),
    () => ({
      label: 'mock state',
      method: 'PUT',
      path: `/api/${mock()}/state${r.chance(0.3) ? '?dryRun=1' : ''}`,
      headers: WRITE,
      body: r.pick([r.pick(BROKEN_JSON), json({ format: 'wxmock-state', schema: 1, tables: [] }), json({ format: 'wxmock-state', schema: 'x', tables: {} })]),
    }),
    () => ({
      label: 'paths',
      method: r.pick(['GET', 'POST', 'DELETE']),
      headers: WRITE,
      path: `/api/${r.pick(['wechat', 'sms', 'login', 'nope', ''])}/${r.pick(['..%2f..%2fsns%2fauth', '%2e%2e/%2e%2e/', encodeURIComponent(withControls(r, 'personas')), '%ZZ', 'personas/%C3%28', garbage(r, 12).replace(/[?#%\\/]/g, '') || 'x', 'x'.repeat(3000)])}`,
    }),
    () => ({
      label: 'pages',
      method: 'GET',
      path: r.pick(['/', '/%0d%0aSet-Cookie:%20x=1', `/?token=${encodeURIComponent(withControls(r, 't'))}`, '//evil.example/', '/nope', '/api']),
    }),
    () => ({
      label: 'sign-in',
      method: 'POST',
      path: '/sign-in',
      body: r.pick(['', 'token=', `token=${encodeURIComponent(withControls(r, 'x'))}`, 'x'.repeat(100_000), '%ZZ']),
      contentType: 'application/x-www-form-urlencoded',
    }),
  ];
  return r.pick(cases)();
}

describe(`console bad input fuzz (seed ${FUZZ_SEED})`, () => {
  let wechat: StartedMockWechat;
  let sms: StartedMockSms;
  let con: StartedConsole;
  let base: Doc;
  const states = async () => ({
    wechat: (await new HttpClient(wechat.url).get('/__mock/state')).body.tables,
    sms: (await new HttpClient(sms.url).get('/__mock/state')).body.tables,
  });

  beforeAll(async () => {
    wechat = await startMockWechat();
    sms = await startMockSms();
    con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url });
    base = (await new HttpClient(con.url).get<Doc>('/api/state')).body;
  });
  afterAll(async () => {
    await con?.stop();
    await sms?.stop();
    await wechat?.stop();
  });

  it(`${CASES} malformed console requests: no 5xx, API errors as {error:{code,message}} 4xx, both mocks' state unchanged`, async () => {
    const before = await states();
    for await (const { a, where, c } of fuzzCases(con.url, 'console', CASES, 0x2545f491, (r) => consoleCase(r, base))) {
      expect(a.status, `${where} -> ${a.status} ${a.raw.slice(0, 300)}`).toBeLessThan(500);
      // As sent: the client resolves dot segments ("/api/%2e%2e/" is "/").
      // 431: Node's HTTP parser refuses a request line over its header limit before the console sees it.
      if (new URL(con.url + c.path).pathname.startsWith('/api/') && a.status >= 400 && a.status !== 431) {
        let body: unknown;
        try {
          body = JSON.parse(a.raw);
        } catch {
          body = a.raw;
        }
        expect(Object.keys(body as object), `${where} -> ${a.status} ${a.raw.slice(0, 300)}`).toEqual(['error']);
      }
    }
    expect(await states()).toEqual(before);
  });
});
