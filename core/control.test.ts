import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectControlError } from './control-test-support.ts';
import { MAX_CLOCK_OFFSET_MS } from './control.ts';
import { closeDatabase } from './db.ts';
import { HttpClient } from './http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { startReferenceLogin, type StartedReferenceLogin } from '../reference-login/app.ts';

const SERVICES = ['mock-wechat', 'mock-sms', 'reference-login'] as const;

type State = { format: string; schema: number; tables: Record<string, Record<string, unknown>[]> };

/** The control routes each service shares (core/control.ts): state import under concurrency, the clock. */
describe('PUT /__mock/state and POST /__mock/clock on each service', () => {
  let wechat: StartedMockWechat;
  let sms: StartedMockSms;
  let login: StartedReferenceLogin;
  beforeAll(async () => {
    wechat = await startMockWechat();
    sms = await startMockSms();
    login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url });
  });
  afterAll(async () => {
    await login?.stop();
    await sms?.stop();
    await wechat?.stop();
  });

  const urlOf = (name: (typeof SERVICES)[number]) => (name === 'mock-wechat' ? wechat.url : name === 'mock-sms' ? sms.url : login.url);
  const state = async (url: string) => (await new HttpClient(url).get<State>('/__mock/state')).body;
  const put = (url: string, doc: unknown, query = '') => new HttpClient(url).put(`/__mock/state${query}`, doc);

  /** A copy of `s` whose first table lost its rows, with a defect that only shows further on. */
  const refusable = (s: State, i: number): State => {
    const names = Object.keys(s.tables);
    const broken: State = { ...s, tables: { ...s.tables, [names[0]!]: [] } };
    switch (i % 3) {
      case 0:
        return { ...broken, tables: { ...broken.tables, no_such_table: [] } };
      case 1:
        return { ...broken, tables: { ...broken.tables, [names.at(-1)!]: [{ no_such_column: 1 }] } };
      default:
        return { ...broken, schema: s.schema + 1 };
    }
  };

  for (const name of SERVICES) {
    it(`${name}: twelve concurrent refused imports leave its state exactly as it was; ?dryRun=1 checks without applying`, async () => {
      const url = urlOf(name);
      const before = await state(url);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => put(url, refusable(before, i))));
      for (const a of answers) expectControlError(a, 'bad_state');
      expect(await state(url)).toEqual(before);

      const emptied = { ...before, tables: Object.fromEntries(Object.keys(before.tables).map((t) => [t, []])) };
      const checked = await put(url, emptied, '?dryRun=1');
      expect(checked.status).toBe(200);
      expect(checked.body).toEqual({ valid: true });
      expect(await state(url)).toEqual(before);
      expect((await put(url, refusable(before, 1), '?dryRun=1')).status).toBe(422);
    });
  }

  /** The clock route: each refusal by its code, the clock left alone. */
  for (const name of SERVICES) {
    it(`${name}: refuses a change it cannot make with missing_clock_change, bad_offset or bad_advance, and keeps its clock`, async () => {
      const http = new HttpClient(urlOf(name));
      const offset = async () => (await http.get<{ offsetMs: number }>('/__mock/clock')).body.offsetMs;
      expect((await http.post('/__mock/clock', { offsetMs: 5_000 })).status).toBe(200);
      const beyond = MAX_CLOCK_OFFSET_MS + 1;
      const refused: [unknown, 'missing_clock_change' | 'bad_offset' | 'bad_advance'][] = [
        [{}, 'missing_clock_change'],
        [{ offset: 60 }, 'missing_clock_change'],
        [{ offsetMs: 'soon' }, 'bad_offset'],
        [{ offsetMs: beyond }, 'bad_offset'],
        [{ advanceSeconds: 'a minute' }, 'bad_advance'],
        [{ advanceMs: beyond }, 'bad_advance'],
      ];
      for (const [body, code] of refused) expectControlError(await http.post('/__mock/clock', body), code);
      expect(await offset()).toBe(5_000);
      expect((await http.post('/__mock/clock', { offsetMs: 0 })).status).toBe(200);
    });
  }
});

/**
 * A failure nobody foresaw below a control route (here: the database gone from under the service)
 * is answered `internal` in the table's shape, with the failure's message and no stack trace.
 */
describe('an unexpected failure on each service', () => {
  const starts = {
    'mock-wechat': () => startMockWechat(),
    'mock-sms': () => startMockSms(),
    'reference-login': () =>
      startReferenceLogin({ wechatApiBase: 'http://127.0.0.1:9', wechatOpenBase: 'http://127.0.0.1:9', smsEndpoint: 'http://127.0.0.1:9' }),
  };
  for (const [name, start] of Object.entries(starts)) {
    it(`${name}: answers internal (500), naming the failure`, async () => {
      const service = await start();
      try {
        const http = new HttpClient(service.url);
        expect((await http.get('/__mock/state')).status).toBe(200);
        closeDatabase(service.ctx.db);
        for (const answer of [await http.get('/__mock/state'), await http.post('/__mock/clock', { advanceSeconds: 1 })]) {
          expectControlError(answer, 'internal');
          expect((answer.body as { error: { message: string } }).error.message).toBe('The database connection is not open');
        }
      } finally {
        await service.stop();
      }
    });
  }
});
