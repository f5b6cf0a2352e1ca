import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectControlError } from './control-test-support.ts';
import { HttpClient } from './http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { startReferenceLogin, type StartedReferenceLogin } from '../reference-login/app.ts';

type State = { format: string; schema: number; tables: Record<string, Record<string, unknown>[]> };

/** Each service's own PUT /__mock/state (core/control.ts), under concurrency. */
describe('PUT /__mock/state on each service', () => {
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

  for (const name of ['mock-wechat', 'mock-sms', 'reference-login'] as const) {
    it(`${name}: twelve concurrent refused imports leave its state exactly as it was; ?dryRun=1 checks without applying`, async () => {
      const url = name === 'mock-wechat' ? wechat.url : name === 'mock-sms' ? sms.url : login.url;
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
});
