import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';
import { closeDatabase, coreMigrations, openDatabase, type Db } from './db.ts';
import { HttpClient } from './http-client.ts';
import { Journal, journalMiddleware, journalText, type RawEntry } from './journal.ts';
import { readRequestBody } from './request-body.ts';

let db: Db;
let clock: Clock;

beforeEach(() => {
  db = openDatabase(':memory:', coreMigrations);
  clock = new Clock(db);
});
afterEach(() => {
  if (db.open) closeDatabase(db);
});

const entry = (path: string): RawEntry => ({
  at: clock.now(),
  method: 'GET',
  path,
  query: '',
  appid: null,
  persona: null,
  phone: null,
  status: 200,
  durationMs: 0,
  requestHeaders: [],
  requestBody: '',
  responseHeaders: {},
  responseBody: '',
});
const rowsInTable = () => (db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
/** One turn of the event loop: queued journal entries are written by then. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Journal', () => {
  it('shows an entry to readers at once and writes it to the table within the same turn', async () => {
    const j = new Journal(db);
    j.record(entry('/a'));
    expect(j.list().map((e) => e.path)).toEqual(['/a']);
    j.record(entry('/b'));
    j.record(entry('/c'));
    await nextTurn();
    expect(rowsInTable()).toBe(3);
    expect(j.list().map((e) => e.path)).toEqual(['/c', '/b', '/a']);
  });

  it('stays bounded: at most the cap plus one pruning batch, the newest kept', async () => {
    const j = new Journal(db, 100);
    for (let i = 0; i < 5000; i++) {
      j.record(entry(`/n${i}`));
      if (i % 97 === 0) await nextTurn();
    }
    expect(j.count()).toBeGreaterThanOrEqual(100);
    expect(j.count()).toBeLessThan(100 + 256);
    expect(j.list({ limit: 1 })[0]!.path).toBe('/n4999');
  });

  it('clear() also drops entries not yet written', async () => {
    const j = new Journal(db);
    j.record(entry('/before-clear'));
    j.clear();
    await nextTurn();
    expect(rowsInTable()).toBe(0);
  });

  it('a database closed with entries queued is left alone', async () => {
    const j = new Journal(db);
    j.record(entry('/late'));
    closeDatabase(db);
    await nextTurn();
    expect(db.open).toBe(false);
  });
});

describe('journalMiddleware', () => {
  function app(j: Journal) {
    const a = new Hono();
    a.use(
      '*',
      journalMiddleware(j, clock, (p) => p.startsWith('/__mock/')),
    );
    a.post('/noted', (c) => journalText(c.body('{"secret":"abcdefgh","ok":1}', 200, { 'Content-Type': 'application/json' }), '{"secret":"abcdefgh","ok":1}'));
    a.post('/echo', async (c) => c.json({ got: await c.req.text() }));
    a.get('/big', (c) => c.text('x'.repeat(9000)));
    return a;
  }

  it('keeps bodies masked, JSON as JSON, forms as text, and cuts long ones', async () => {
    const j = new Journal(db);
    const a = new HttpClient(app(j));
    await a.post('/noted', '{"password":"hunter22","user":"u"}', { headers: { 'content-type': 'application/json' } });
    await a.post('/echo?appid=wx1&secret=topsecret', 'a=1&secret=abcdef', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await a.get('/big');
    await a.get('/__mock/skipped');
    const [big, echo, noted] = j.list();
    expect(j.list()).toHaveLength(3);
    expect(noted!.request.body).toEqual({ password: 'hun****22', user: 'u' });
    expect(noted!.response.body).toEqual({ secret: 'abc****gh', ok: 1 });
    expect(echo!.request.body).toBe('a=1&secret=abc****ef');
    expect(echo!.query).toBe('appid=wx1&secret=top****et');
    expect(echo!.appid).toBe('wx1');
    expect(echo!.response.body).toEqual({ got: 'a=1&secret=abcdef' });
    expect(big!.response.body).toMatch(/^x{8192}…\[808 more bytes\]$/);
  });

  it('reads a body once, for itself and the handler, never past maxBodyBytes; masks Basic and Bearer credentials', async () => {
    const j = new Journal(db);
    const a = new Hono();
    a.use(
      '*',
      journalMiddleware(j, clock, () => false, { maxBodyBytes: 16 }),
    );
    a.post('/read', async (c) => c.json({ ...(await readRequestBody(c, 16)), again: await c.req.text() }));
    const http = new HttpClient(a);
    const small = (await http.post('/read', 'secret=abcdefgh', { headers: { authorization: 'Basic d3gxOnRvcHNlY3JldA==' } })).body;
    expect(small).toEqual({ text: 'secret=abcdefgh', tooLarge: false, again: 'secret=abcdefgh' });
    const big = (await http.post('/read', 'x'.repeat(17), { headers: { authorization: 'Bearer abcdefghijkl' } })).body;
    expect(big).toEqual({ text: '', tooLarge: true, again: '' });
    const [bigEntry, smallEntry] = j.list();
    expect(smallEntry!.request.body).toBe('secret=abc****gh');
    expect(smallEntry!.request.headers.authorization).toBe('Basic d3g****==');
    expect(bigEntry!.request.body).toBe('[request body over 16 bytes, not read]');
    expect(bigEntry!.request.headers.authorization).toBe('Bearer abc****kl');
  });
});
