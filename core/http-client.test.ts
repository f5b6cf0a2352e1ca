import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './http-client.ts';
import { listen, type RunningServer } from './serve.ts';

/** A small site: echoes what it was sent, sets a cookie, redirects. */
function site(): Hono {
  const app = new Hono();
  app.all('/echo', async (c) =>
    c.json({
      method: c.req.method,
      type: c.req.header('content-type') ?? null,
      cookie: c.req.header('cookie') ?? null,
      authorization: c.req.header('authorization') ?? null,
      query: c.req.query(),
      body: await c.req.text(),
    }),
  );
  app.get('/set', (c) => {
    c.header('set-cookie', 'sid=s1; Path=/; HttpOnly');
    c.header('set-cookie', 'lang=zh-CN', { append: true });
    return c.text('set');
  });
  app.get('/hop', (c) => {
    c.header('set-cookie', 'hop=1; Path=/');
    return c.redirect('/echo?from=hop', 302);
  });
  app.post('/see-other', (c) => c.redirect('/echo', 303));
  app.all('/raw/*', (c) => c.json({ path: (c.env as { incoming?: { url: string } } | undefined)?.incoming?.url ?? null, host: c.req.header('host') }));
  app.get('/bytes', () => new Response(new Uint8Array([0x1f, 0x8b, 0x00, 0xff]), { headers: { 'content-type': 'application/octet-stream' } }));
  return app;
}

describe('HttpClient', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(site().fetch);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends an object as JSON, a string as it is, URLSearchParams as a form; parses JSON answers, keeps other text', async () => {
    const http = new HttpClient(server.url);
    const json = await http.post('/echo', { a: 1 }, { query: { q: 'x y', none: undefined } });
    expect(json.status).toBe(200);
    expect(json.contentType).toMatch(/^application\/json/);
    expect(json.body).toMatchObject({ method: 'POST', type: 'application/json', query: { q: 'x y' }, body: '{"a":1}' });
    expect(JSON.parse(json.raw)).toEqual(json.body);
    expect((await http.post('/echo', '{broken')).body).toMatchObject({ type: 'application/json', body: '{broken' });
    expect((await http.post('/echo', new URLSearchParams({ k: 'v' }))).body).toMatchObject({
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'k=v',
    });
    expect((await http.post('/echo', 'a=b', { headers: { 'Content-Type': 'text/plain' } })).body.type).toBe('text/plain');
    expect((await http.post('/echo')).body).toMatchObject({ type: null, body: '' });
    expect((await http.get('/echo', { token: 'tok' })).body.authorization).toBe('Bearer tok');
    const text = await http.get('/set');
    expect([text.body, text.raw]).toEqual(['set', 'set']);
    expect([...(await http.get('/bytes')).bytes]).toEqual([0x1f, 0x8b, 0x00, 0xff]);
  });

  it('keeps cookies only when asked, as one browser; a client without a jar sends none', async () => {
    const browser = new HttpClient(server.url, { cookies: true });
    await browser.get('/set');
    expect(browser.jar?.get('sid')).toBe('s1');
    expect((await browser.get('/echo')).body.cookie).toBe('sid=s1; lang=zh-CN');
    const other = browser.withCookies();
    expect((await other.get('/echo')).body.cookie).toBeNull();
    const plain = new HttpClient(server.url);
    await plain.get('/set');
    expect(plain.jar).toBeUndefined();
    expect((await plain.get('/echo')).body.cookie).toBeNull();
  });

  it('returns a redirect with its Location, or follows it on request, keeping the cookie set on the way', async () => {
    const browser = new HttpClient(server.url, { cookies: true });
    const hop = await browser.get('/hop');
    expect([hop.status, hop.location]).toEqual([302, '/echo?from=hop']);
    const followed = await new HttpClient(server.url, { cookies: true }).get('/hop', { redirect: 'follow' });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ query: { from: 'hop' }, cookie: 'hop=1' });
    const seeOther = await new HttpClient(server.url, { redirect: 'follow' }).post('/see-other', { a: 1 });
    expect(seeOther.body).toMatchObject({ method: 'GET', type: null, body: '' });
  });

  it('talks to an in-process app the same way, without a socket', async () => {
    const app = new HttpClient(site(), { cookies: true });
    await app.get('/set');
    expect((await app.post('/echo', { a: 1 })).body).toMatchObject({ method: 'POST', cookie: 'sid=s1; lang=zh-CN', body: '{"a":1}' });
    expect((await app.get('/hop', { redirect: 'follow' })).body.query).toEqual({ from: 'hop' });
  });

  it('hands over the Response itself, its body unread', async () => {
    const res = await new HttpClient(server.url).fetch('GET', '/bytes');
    expect(res.bodyUsed).toBe(false);
    expect(new Uint8Array(await res.arrayBuffer())[1]).toBe(0x8b);
  });

  it('exact: the path as written and the Host header go out unchanged (fetch resolves %2e%2e and sets Host itself)', async () => {
    const http = new HttpClient(server.url);
    const host = `evil.example:${server.port}`;
    const viaFetch = await http.get('/raw/a/%2e%2e/b', { headers: { host } });
    expect(viaFetch.body).toMatchObject({ path: '/raw/b', host: `127.0.0.1:${server.port}` });
    const exact = await http.get('/raw/a/%2e%2e/b', { headers: { host }, exact: true });
    expect(exact.body).toMatchObject({ path: '/raw/a/%2e%2e/b', host });
    const posted = await http.post('/echo', { a: 1 }, { exact: true });
    expect(posted.body).toMatchObject({ type: 'application/json', body: '{"a":1}' });
  });
});
