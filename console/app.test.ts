import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectControlError } from '../core/control-test-support.ts';
import { HttpClient, type HttpResponse } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { startConsole, type StartedConsole } from './app.ts';
import { exchangeWebCode, sendAliyunCode, WEB_SECRET } from './test-support.ts';

const WRITE = { 'x-wxmock-console': '1', 'content-type': 'application/json' };

/** A request whose Host header and un-normalised path go out exactly as written. */
function raw(url: string, path: string, headers: Record<string, string> = {}) {
  return new HttpClient(url).get(path, { headers, exact: true });
}

describe('console server, open sandbox (loopback, no token)', () => {
  let wechat: StartedMockWechat;
  let sms: StartedMockSms;
  let con: StartedConsole;
  let http: HttpClient;

  beforeAll(async () => {
    wechat = await startMockWechat();
    sms = await startMockSms();
    con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url });
    http = new HttpClient(con.url);
  });
  afterAll(async () => {
    await con?.stop();
    await sms?.stop();
    await wechat?.stop();
  });
  beforeEach(() => {
    wechat.reset();
    sms.reset();
  });

  it('serves one page with every panel, Chinese as UTF-8, and no external resources', async () => {
    const res = await http.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html; charset=UTF-8/i);
    const html = res.raw;
    for (const panel of ['personas', 'apps', 'qr', 'journal', 'sms', 'system']) expect(html).toContain(`data-testid="panel-${panel}"`);
    expect(html).toContain('短信收件箱');
    expect(html).toContain('Noto Sans CJK SC');
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    // The page's script is served beside it and parses (the browser tests then show it runs).
    const src = /<script src="([^"]+)"><\/script>/.exec(html)?.[1];
    expect(src).toBe('/assets/console.js');
    const script = (await http.get(src!)).raw;
    expect(script.length).toBeGreaterThan(1000);
    expect(() => new Function(script)).not.toThrow();
  });

  it('passes control calls through to each mock', async () => {
    const personas = (await http.get<{ personas: { id: string }[] }>('/api/wechat/personas')).body;
    expect(personas.personas.map((p) => p.id)).toContain('zhangsan');
    const created = await http.post('/api/wechat/personas', { id: 'via-console', nickname: '经控制台' }, { headers: WRITE });
    expect(created.status).toBe(201);
    expect(wechat.ctx.world.getPersona('via-console')?.nickname).toBe('经控制台');
    const messages = await http.get('/api/sms/sms/messages?phone=13800138000');
    expect(messages.body).toEqual({ messages: [] });
    // The mock's own errors come back unchanged.
    expectControlError(await http.post('/api/wechat/personas', { id: 'via-console' }, { headers: WRITE }), 'exists');
  });

  it('refuses state-changing calls without the console header (another site cannot send it), changing nothing', async () => {
    expectControlError(await http.delete('/api/wechat/personas/zhangsan'), 'missing_console_header');
    expect(wechat.ctx.world.getPersona('zhangsan')).toBeDefined();
    expectControlError(await http.post('/api/sms/reset', '{}', { headers: { 'content-type': 'text/plain' } }), 'missing_console_header');
  });

  it('answers only loopback host names (no DNS rebinding)', async () => {
    expectControlError(await raw(con.url, '/api/wechat/personas', { host: `evil.example:${new URL(con.url).port}` }), 'wrong_host');
    expect((await raw(con.url, '/api/status', { host: `localhost:${new URL(con.url).port}` })).status).toBe(200);
  });

  it('proxies the control API and nothing else: a path climbing out of /__mock/ is refused', async () => {
    expectControlError(await raw(con.url, '/api/wechat/%2e%2e/sns/oauth2/access_token?appid=x'), 'not_found');
  });

  it('merges both journals newest first, with an outcome per call and secrets masked', async () => {
    const minted = await new HttpClient(wechat.url).post<{ code: string }>('/__mock/codes', { appid: 'web', persona: 'zhangsan' });
    const { code } = minted.body;
    await exchangeWebCode(wechat.url, code);
    await exchangeWebCode(wechat.url, code);
    await sendAliyunCode(sms.url, '13800138000', '864200');
    const j = (
      await http.get<{
        entries: { source: string; endpoint: string; outcome: string; query: string; persona: string | null }[];
        head: string;
        errors: unknown[];
      }>('/api/journal')
    ).body;
    expect(j.errors).toEqual([]);
    expect(j.entries.map((e) => [e.source, e.endpoint, e.outcome])).toEqual([
      ['sms', 'SendSms', 'ok'],
      ['wechat', '/sns/oauth2/access_token', 'errcode 40163'],
      ['wechat', '/sns/oauth2/access_token', 'ok'],
    ]);
    expect(JSON.stringify(j)).not.toContain(WEB_SECRET);
    expect(j.entries[1]!.query).toContain('secret=6f1****f0');
    expect(j.entries[1]!.persona).toBe('zhangsan');

    const head = (await http.get<{ head: string }>('/api/journal?head=1')).body.head;
    expect(head).toBe(j.head);
    await exchangeWebCode(wechat.url, code);
    expect((await http.get<{ head: string }>('/api/journal?head=1')).body.head).not.toBe(head);

    const smsOnly = (await http.get<{ entries: { endpoint: string }[] }>('/api/journal?source=sms&path=sendsms')).body;
    expect(smsOnly.entries.map((e) => e.endpoint)).toEqual(['SendSms']);
    expectControlError(await http.get('/api/journal?source=login'), 'bad_source');
    expectControlError(await http.get('/api/journal?limit=ten'), 'bad_limit');
  });

  it('exports both mocks as one attachment in the format of `wxmock export`', async () => {
    const res = await http.get<Record<string, { format?: string }>>('/api/state');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="wxmock-state-\d{8}-\d{6}\.json"$/);
    const doc = res.body;
    expect(doc.format).toBe('wxmock-sandbox');
    expect(doc.wechat?.format).toBe('wxmock-state');
    expect(doc.sms?.format).toBe('wxmock-state');
  });

  it('imports all or nothing: when mock-sms refuses its part, mock-wechat keeps its state', async () => {
    const doc = (await http.get<{ wechat: { tables: { personas: Record<string, unknown>[] } }; sms: { schema: number } }>('/api/state')).body;
    doc.wechat.tables.personas = doc.wechat.tables.personas.filter((p) => p.id !== 'zhangsan');
    doc.sms.schema = 999;
    expectControlError(await http.put('/api/state', doc, { headers: WRITE }), 'bad_state');
    expect(wechat.ctx.world.getPersona('zhangsan')).toBeDefined();

    expectControlError(await http.put('/api/state', '{oops', { headers: WRITE }), 'bad_json');
    expectControlError(await http.put('/api/state', '[]', { headers: WRITE }), 'bad_json');
    expectControlError(await http.put('/api/state', { format: 'other' }, { headers: WRITE }), 'bad_state');
  });

  /** Both mocks' exported state, straight from the mocks. */
  const bothStates = async () => ({
    wechat: (await new HttpClient(wechat.url).get<{ tables: Record<string, Record<string, unknown>[]> }>('/__mock/state')).body,
    sms: (await new HttpClient(sms.url).get<{ tables: Record<string, Record<string, unknown>[]> }>('/__mock/state')).body,
  });
  /**
   * The console's export with one more persona for mock-wechat; mock-sms's part, when refused, is
   * refused only once it has been applied (a nonce twice, after 20 000 good ones): refused late.
   */
  const withPersona = async (id: string, smsRefused: boolean) => {
    const doc = (await http.get<{ wechat: { tables: { personas: Record<string, unknown>[] } }; sms: { tables: Record<string, unknown[]> } }>('/api/state'))
      .body;
    doc.wechat.tables.personas.push({ ...doc.wechat.tables.personas[0], id, nickname: id });
    if (smsRefused) {
      const nonces = Array.from({ length: 20_000 }, (_, n) => ({ key_id: 'k', nonce: `n${n}`, at: 0 }));
      doc.sms.tables.sms_nonces = [...nonces, nonces[0]];
    }
    return doc;
  };
  const put = (doc: unknown) => http.put('/api/state', doc, { headers: WRITE });

  it('twelve overlapping imports, each valid for mock-wechat and refused by mock-sms, are all refused and leave both mocks exactly as they were', async () => {
    const before = await bothStates();
    const docs = await Promise.all(Array.from({ length: 12 }, (_, i) => withPersona(`imported-${i}`, true)));
    const answers: Promise<HttpResponse>[] = [];
    for (const [i, doc] of docs.entries()) {
      let answered = false;
      answers.push(
        put(doc).finally(() => {
          answered = true;
        }),
      );
      // The next import starts while this one is under way: its persona shows in mock-wechat, or it is answered.
      const deadline = Date.now() + 20_000;
      while (!answered && !wechat.ctx.world.getPersona(`imported-${i}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    }
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual(Array(12).fill(422));
    expect(await bothStates()).toEqual(before);
  });

  it('concurrent imports, some refused, are applied one at a time: the end state is one accepted document, whole', async () => {
    const docs = await Promise.all(Array.from({ length: 12 }, (_, i) => withPersona(`imported-${i}`, i % 2 === 1)));
    const answers = await Promise.all(docs.map(put));
    expect(answers.map((a) => a.status)).toEqual(docs.map((_, i) => (i % 2 === 1 ? 422 : 200)));
    const imported = wechat.ctx.world
      .listPersonas()
      .map((p) => p.id)
      .filter((id) => id.startsWith('imported-'));
    expect(imported).toHaveLength(1);
    expect(Number(imported[0]!.split('-')[1]) % 2).toBe(0);
  });

  it('imports a single-mock export, telling by its tables which mock it belongs to', async () => {
    const wechatState = (await new HttpClient(wechat.url).get<{ tables: { personas: Record<string, unknown>[] } }>('/__mock/state')).body;
    wechatState.tables.personas = wechatState.tables.personas.filter((p) => p.id !== 'wangwu');
    const res = await http.put('/api/state', wechatState, { headers: WRITE });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: ['wechat'], ignored: [] });
    expect(wechat.ctx.world.getPersona('wangwu')).toBeUndefined();
  });

  it('answers unknown console routes with a JSON 404', async () => {
    expectControlError(await http.get('/api/nothing'), 'not_found');
  });
});

describe('console server, a mock that is down', () => {
  it('says which mock does not answer instead of failing', async () => {
    const sms = await startMockSms();
    const gone = await startMockWechat();
    const goneUrl = gone.url;
    await gone.stop();
    const con = await startConsole({ wechatUrl: goneUrl, smsUrl: sms.url });
    const http = new HttpClient(con.url);
    try {
      const status = (await http.get<{ mocks: { name: string; ok: boolean; error?: string }[] }>('/api/status')).body;
      expect(status.mocks.find((m) => m.name === 'wechat')).toMatchObject({ ok: false, error: expect.stringContaining('mock-wechat') });
      expect(status.mocks.find((m) => m.name === 'sms')).toMatchObject({ ok: true });
      expectControlError(await http.get('/api/wechat/personas'), 'mock_unreachable');
      expectControlError(await http.get('/api/state'), 'export_failed');
      const journal = (await http.get<{ errors: { source: string }[] }>('/api/journal')).body;
      expect(journal.errors.map((e) => e.source)).toEqual(['wechat']);
    } finally {
      await con.stop();
      await sms.stop();
    }
  });
});

/**
 * A mock that answers the check of a document, then cannot export the state to restore (it went
 * away meanwhile): here mock-wechat behind a loopback relay that fails its export once the check
 * has passed. Nothing is imported.
 */
describe('console server, a mock lost between the check and the import', () => {
  it('refuses with import_failed and leaves the mock as it was', async () => {
    const wechat = await startMockWechat();
    const sms = await startMockSms();
    let checked = false;
    const relay = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.method === 'PUT' && req.url?.includes('dryRun=1')) checked = true;
      else if (checked && req.method === 'GET' && req.url === '/__mock/state') {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"internal","message":"gone"}}');
        return;
      }
      const a = await new HttpClient(wechat.url).fetch(req.method!, req.url!, { body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(a.status, { 'content-type': a.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await a.arrayBuffer()));
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const con = await startConsole({ wechatUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, smsUrl: sms.url });
    try {
      const http = new HttpClient(con.url);
      const doc = (await http.get<{ wechat: { tables: { personas: Record<string, unknown>[] } } }>('/api/state')).body;
      doc.wechat.tables.personas = doc.wechat.tables.personas.filter((p) => p.id !== 'zhangsan');
      expectControlError(await http.put('/api/state', doc, { headers: WRITE }), 'import_failed');
      expect(checked).toBe(true);
      expect(wechat.ctx.world.getPersona('zhangsan')).toBeDefined();
    } finally {
      await con.stop();
      await new Promise((resolve) => relay.close(resolve));
      await sms.stop();
      await wechat.stop();
    }
  });
});

describe('console server, sandbox with a control token', () => {
  const TOKEN = 'team-secret-token-42';
  let wechat: StartedMockWechat;
  let sms: StartedMockSms;
  let con: StartedConsole;
  let http: HttpClient;

  beforeAll(async () => {
    wechat = await startMockWechat({ controlToken: TOKEN });
    sms = await startMockSms({ controlToken: TOKEN });
    con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url, controlToken: TOKEN });
    http = new HttpClient(con.url);
  });
  afterAll(async () => {
    await con?.stop();
    await sms?.stop();
    await wechat?.stop();
  });

  it('asks for the token before anything, and never puts it into a page', async () => {
    const page = await http.get('/');
    expect(page.status).toBe(401);
    const html = page.raw;
    expect(html).toContain('data-testid="sign-in"');
    expect(html).not.toContain(TOKEN);
    expectControlError(await http.get('/api/wechat/personas'), 'unauthorized');
    expect((await http.get('/?token=wrong')).status).toBe(401);
  });

  it('signs in with ?token= (then drops it from the address) or the form, with a cookie that is not the token', async () => {
    const browser = new HttpClient(con.url, { cookies: true });
    const viaLink = await browser.get(`/?token=${TOKEN}#journal`);
    expect(viaLink.status).toBe(303);
    expect(viaLink.location).toBe('/');
    const cookie = viaLink.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toContain(TOKEN);

    const page = await browser.get('/');
    expect(page.status).toBe(200);
    expect(page.raw).not.toContain(TOKEN);
    // The console adds the token on its way to the mock: without it the mock would answer 401.
    const personas = await browser.get('/api/wechat/personas');
    expect(personas.status).toBe(200);

    const viaForm = await http.post('/sign-in', new URLSearchParams({ token: TOKEN }));
    expect(viaForm.status).toBe(303);
    const wrong = await http.post('/sign-in', new URLSearchParams({ token: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('a sign-in link stays on the console whatever its path: no "//" or control character reaches Location', async () => {
    for (const path of ['//evil.example/', '/%09/evil.example/', '/%5C/evil.example/', '/.//evil.example/', '/x/..//evil.example/']) {
      const r = await raw(con.url, `${path}?token=${TOKEN}`);
      expect(r.status, path).toBe(303);
      expect(r.location, path).toBe('/');
    }
  });
});
