import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientScripts } from './client-scripts.ts';
import { HttpClient } from './http-client.ts';
import { listen, type RunningServer } from './serve.ts';

// Running from the sources, as Vitest does: the entry is bundled in memory on its first request
// (the built package's copy in dist/client/ is scripts/pack.test.ts's).
describe('clientScripts: a page script from the TypeScript sources', () => {
  let server: RunningServer;
  let http: HttpClient;
  beforeAll(async () => {
    const app = new Hono();
    app.use(
      '*',
      clientScripts([
        { path: '/assets/qr-page.js', source: 'mock-wechat/client/qr-page.ts' },
        { path: '/assets/not-an-entry.js', source: 'console/client/common.ts' },
      ]),
    );
    app.all('*', (c) => c.text('the app itself', 404));
    server = await listen(app.fetch);
    http = new HttpClient(server.url);
  });
  afterAll(() => server?.close());

  it('is one classic script, with a validator the browser revalidates: unchanged, it costs a 304', async () => {
    const res = await http.get('/assets/qr-page.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const code = res.raw;
    // The TypeScript is gone, the page's own code is there, and it parses as a script (no import/export).
    expect(code).not.toMatch(/interface QrPageConfig|: Status\b/);
    expect(code).toContain('JSON.parse(document.getElementById("wx-config").textContent)');
    expect(() => new Function(code)).not.toThrow();

    const again = await http.get('/assets/qr-page.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.raw).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const other = await http.get('/assets/qr-page.js', { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('answers GET and HEAD at its path only; everything else goes on to the app', async () => {
    const head = await http.request('HEAD', '/assets/qr-page.js');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"/);
    const post = await http.post('/assets/qr-page.js');
    expect([post.status, post.raw]).toEqual([404, 'the app itself']);
    expect((await http.get('/assets/qr-page.js.map')).status).toBe(404);
  });

  it('a source that is not listed as a browser entry is refused, naming the list the build ships from', async () => {
    const res = await http.get('/assets/not-an-entry.js');
    expect(res.status).toBe(500);
    expect(res.raw).toMatch(/^console\/client\/common\.ts could not be loaded: .*add it to CLIENT_ENTRIES in scripts\/entries\.mjs/);
  });
});
