import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';
import { commonControlRoutes, controlAnswer } from './control.ts';
import { ControlError } from './control-errors.ts';
import { coreMigrations, openDatabase } from './db.ts';
import { Faults, type FaultAction } from './faults.ts';
import { HttpClient } from './http-client.ts';
import { Journal } from './journal.ts';
import { listen, type RunningServer } from './serve.ts';

/** The fault queue and its control route know no mock's fields: a service declares its own. */
describe('faults with a service’s own fields', () => {
  interface PaintFault extends FaultAction {
    colour?: string;
    level?: number;
  }
  const db = openDatabase(':memory:', coreMigrations);
  const clock = new Clock(db);
  const faults = new Faults<PaintFault>(db, clock);
  let server: RunningServer;
  beforeAll(async () => {
    const app = new Hono();
    app.route(
      '/__mock',
      commonControlRoutes({
        clock,
        journal: new Journal(db),
        faults,
        faultFields: { action: { colour: 'any', level: 'integer' }, match: ['tenant'] },
        reset: () => {},
        state: { db },
      }),
    );
    app.onError((err, c) => (err instanceof ControlError ? controlAnswer(c, err) : c.text(err.message, 500)));
    server = await listen(app.fetch);
  });
  afterAll(() => server.close());

  const post = (body: unknown) => new HttpClient(server.url).post('/__mock/faults', body);

  it('takes the declared action and match fields, and fires only for the matching facts', async () => {
    const added = await post({ endpoint: '/paint', colour: 'red', tenant: 't1', appid: 'ignored' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ endpoint: '/paint', action: { colour: 'red' }, match: { tenant: 't1' }, remaining: 1 });
    expect(faults.take('/paint', { tenant: 't2' })).toBeUndefined();
    expect(faults.take('/paint', { tenant: 't1' })).toEqual({ colour: 'red' });
    expect(faults.take('/paint', { tenant: 't1' })).toBeUndefined();
  });

  it('refuses another mock’s fields and checks the declared integers', async () => {
    const other = await post({ endpoint: '/paint', errcode: -1, code: 'isv.X', placement: 'status' });
    expect(other.status).toBe(400);
    expect(other.body.error).toEqual({ code: 'missing_action', message: 'say what the fault does: one of colour, level, httpStatus, delayMs' });
    expect((await post({ endpoint: '/paint', level: 1.5 })).body.error).toEqual({ code: 'invalid_field', message: 'level must be an integer' });
    expect((await post({ endpoint: '/paint', delayMs: 5, level: 2 })).status).toBe(201);
    expect(faults.list().map((f) => f.action)).toEqual([{ level: 2, delayMs: 5 }]);
  });
});
