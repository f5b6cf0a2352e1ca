import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, coreMigrations, getSetting, openDatabase, putSetting, type Db } from './db.ts';
import { durableAnswers } from './durable.ts';
import { HttpClient } from './http-client.ts';
import { listen, type RunningServer } from './serve.ts';

describe('durableAnswers: an answer leaves once its change is committed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-durable-'));
  const file = join(dir, 'm.db');
  let db: Db;
  let reader: Database.Database;
  let server: RunningServer;

  beforeAll(async () => {
    db = openDatabase(file, coreMigrations);
    reader = new Database(file, { readonly: true });
    const app = new Hono();
    app.use('*', durableAnswers(db));
    app.post('/write/:n', (c) => {
      putSetting(db, `k${c.req.param('n')}`, 'v');
      return c.json({ ok: true });
    });
    app.get('/read/:n', (c) => c.json({ value: getSetting(db, `k${c.req.param('n')}`) ?? null }));
    server = await listen(app.fetch);
  });
  afterAll(async () => {
    await server?.close();
    reader?.close();
    if (db) closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('another connection (another process, after a crash) sees every acknowledged write the moment the answer arrives', async () => {
    const seen = (n: number) => reader.prepare('SELECT value FROM settings WHERE key = ?').get(`k${n}`) !== undefined;
    const misses: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const res = await new HttpClient(server.url).post(`/write/${n}`);
        expect(res.status).toBe(200);
        if (!seen(n)) misses.push(n);
      }),
    );
    expect(misses).toEqual([]);
  });

  it('a read among reads is answered without a commit to wait for', async () => {
    expect((await new HttpClient(server.url).get('/read/0')).body).toEqual({ value: 'v' });
    expect(db.inTransaction).toBe(false);
  });
});
