import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { write } from '../../core/db.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { HttpClient } from '../../core/http-client.ts';
import { startMockWechat, type StartedMockWechat } from '../app.ts';

const WEB = 'wx3a1c5e7f9b2d4680';
const MINI = 'wx3a1c5e7f9b2d4683';
const JUSTAUTH_CALLBACK = 'http://127.0.0.1:7700/auth/callback/wechat_open_web';

let mock: StartedMockWechat;
let http: HttpClient;

async function sessions(): Promise<{ uuid: string; redirectUri: string; state: string; status: string }[]> {
  return (await http.get('/__mock/qr/sessions')).body.sessions;
}

/** Decodes the QR code in a PNG the way a phone camera would. */
function decodeQrPng(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsqr.default(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

beforeAll(async () => {
  mock = await startMockWechat();
  http = new HttpClient(mock.url);
  // A web app whose callback domain has subdomains, for the domain rule.
  const r = await http.post('/__mock/apps', { appid: 'wxexamplecom00001', key: 'example', type: 'web', callbackDomain: 'example.com' });
  expect(r.status).toBe(201);
});
afterAll(() => mock.stop());
beforeEach(() => {
  write(mock.ctx.db, ['qr_sessions'], 'DELETE FROM qr_sessions');
});

describe('GET /connect/qrconnect: parameter checks', () => {
  const bad: [string, string, number][] = [
    ['appid missing', `redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&response_type=code&scope=snsapi_login`, 10012],
    ['unknown appid', `appid=wx0000000000000000&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&scope=snsapi_login`, 10016],
    ['a mini program appid (not a website app)', `appid=${MINI}&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&scope=snsapi_login`, 10005],
    ['scope missing', `appid=${WEB}&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&response_type=code`, 10010],
    ['scope snsapi_userinfo', `appid=${WEB}&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&scope=snsapi_userinfo`, 10005],
    ['redirect_uri missing', `appid=${WEB}&response_type=code&scope=snsapi_login`, 10011],
    ['redirect_uri on another domain', `appid=${WEB}&redirect_uri=${encodeURIComponent('http://evil.example.org/cb')}&scope=snsapi_login`, 10003],
    [
      'redirect_uri whose host only starts with the domain',
      `appid=${WEB}&redirect_uri=${encodeURIComponent('http://127.0.0.1.evil.org/cb')}&scope=snsapi_login`,
      10003,
    ],
    ['redirect_uri not http(s)', `appid=${WEB}&redirect_uri=${encodeURIComponent('ftp://127.0.0.1/cb')}&scope=snsapi_login`, 10003],
    ['redirect_uri javascript:', `appid=${WEB}&redirect_uri=${encodeURIComponent('javascript:alert(1)//127.0.0.1')}&scope=snsapi_login`, 10003],
    ['redirect_uri not a URL', `appid=${WEB}&redirect_uri=not-a-url&scope=snsapi_login`, 10003],
    [
      'subdomain trick on example.com',
      `appid=wxexamplecom00001&redirect_uri=${encodeURIComponent('https://example.com.evil.org/cb')}&scope=snsapi_login`,
      10003,
    ],
    ['response_type other than code', `appid=${WEB}&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&response_type=token&scope=snsapi_login`, 10008],
  ];

  it.each(bad)('%s -> "该链接无法访问" page with code %i, no session', async (_name, query, errcode) => {
    const r = await http.get(`/connect/qrconnect?${query}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const body = r.raw;
    expect(body).toContain('该链接无法访问');
    expect(body).toContain(`错误码：${errcode}`);
    expect(body).not.toContain('data-testid="qr-image"');
    expect(await sessions()).toEqual([]);
  });

  it('accepts an unencoded redirect_uri exactly as JustAuth sends it, and keeps state as given', async () => {
    const r = await http.get(
      `/connect/qrconnect?response_type=code&appid=${WEB}&redirect_uri=${JUSTAUTH_CALLBACK}&scope=snsapi_login&state=${encodeURIComponent('a b+c/é&=')}`,
    );
    expect(r.status).toBe(200);
    const body = r.raw;
    expect(body).toMatch(/<img[^>]*data-testid="qr-image"[^>]*src="\/connect\/qrcode\/[A-Za-z0-9]{16}"/);
    expect(body).toContain('data-testid="qr-status"');
    expect(body).toContain('data-testid="dev-panel"');
    const [s] = await sessions();
    expect(s).toMatchObject({ redirectUri: JUSTAUTH_CALLBACK, state: 'a b+c/é&=', status: 'waiting' });
  });

  it('accepts a subdomain of the callback domain on any port, and an encoded redirect_uri with a query', async () => {
    const cb = 'https://login.example.com:8443/wx/cb?from=qr';
    const r = await http.get(`/connect/qrconnect?appid=wxexamplecom00001&redirect_uri=${encodeURIComponent(cb)}&response_type=code&scope=snsapi_login`);
    expect(r.raw).toContain('data-testid="qr-image"');
    expect((await sessions())[0]).toMatchObject({ redirectUri: cb, state: '' });
  });

  it('lists personas in the dev panel by nickname and id', async () => {
    const body = (await http.get(`/connect/qrconnect?appid=${WEB}&redirect_uri=${JUSTAUTH_CALLBACK}&scope=snsapi_login`)).raw;
    expect(body).toContain('<option value="lisi">李四（lisi）</option>');
    expect(body).toContain('data-testid="dev-confirm"');
  });
});

describe('the QR image', () => {
  it('is a PNG whose QR code decodes to the confirm URL of the session', async () => {
    const page = (await http.get(`/connect/qrconnect?appid=${WEB}&redirect_uri=${JUSTAUTH_CALLBACK}&scope=snsapi_login&state=x`)).raw;
    const src = /data-testid="qr-image"[^>]*src="([^"]+)"/.exec(page)?.[1];
    expect(src).toBeDefined();
    const img = await http.get(src!);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    const uuid = src!.split('/').pop()!;
    expect(decodeQrPng(img.bytes)).toBe(`${mock.url}/connect/confirm?uuid=${uuid}`);
  });

  it('encodes the public URL when one is set (a phone on the LAN)', async () => {
    const lan = await startMockWechat({ publicUrl: 'http://192.168.31.20:7701' });
    const lanHttp = new HttpClient(lan.url);
    try {
      const page = (await lanHttp.get(`/connect/qrconnect?appid=${WEB}&redirect_uri=${JUSTAUTH_CALLBACK}&scope=snsapi_login`)).raw;
      const src = /data-testid="qr-image"[^>]*src="([^"]+)"/.exec(page)![1]!;
      const png = (await lanHttp.get(src)).bytes;
      expect(decodeQrPng(png)).toBe(`http://192.168.31.20:7701/connect/confirm?uuid=${src.split('/').pop()}`);
    } finally {
      await lan.stop();
    }
  });

  it('is a 404 for an unknown uuid', async () => {
    expect((await http.get('/connect/qrcode/NoSuchUuid000000')).status).toBe(404);
  });
});

describe('bad input on the QR endpoints', () => {
  it('the long-poll answers 402 for an unknown or missing uuid, never an error', async () => {
    for (const q of ['uuid=NoSuchUuid000000&_=1', '', 'uuid=%E0%A4%A&last=abc']) {
      const r = await http.get(`/connect/l/qrconnect?${q}`);
      expect(r.status).toBe(200);
      expect(r.raw).toBe("window.wx_errcode=402;window.wx_code='';");
    }
  });

  it('the phone page says the QR code is gone for an unknown uuid', async () => {
    const r = await http.get('/connect/confirm?uuid=NoSuchUuid000000');
    expect(r.status).toBe(200);
    expect(r.raw).toContain('data-result="unknown"');
  });

  it('a confirm POST with a bad action or unknown session is refused without harm', async () => {
    const post = (form: Record<string, string>) => http.post('/connect/confirm', new URLSearchParams(form), { headers: { Accept: 'application/json' } });
    expectControlError(await post({ uuid: 'x', action: 'explode' }), 'bad_action');
    expectControlError(await post({ uuid: 'NoSuchUuid000000', action: 'allow', persona: 'lisi' }), 'unknown_session');
    const r = await http.post('/connect/confirm', '%%%garbage', { headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
    expect(r.status).toBe(200);
    expect(r.raw).toContain('data-result="error"');
  });
});

describe('the phone confirm page', () => {
  async function openSession(): Promise<string> {
    await http.get(`/connect/qrconnect?appid=${WEB}&redirect_uri=${JUSTAUTH_CALLBACK}&scope=snsapi_login&state=st`);
    return (await sessions())[0]!.uuid;
  }

  it('marks the session scanned, names the app, and confirms with the picked persona', async () => {
    const uuid = await openSession();
    const page = (await http.get(`/connect/confirm?uuid=${uuid}`)).raw;
    expect(page).toContain('网站应用（扫码登录）');
    expect(page).toContain('data-testid="confirm-persona"');
    expect(page).toContain('name="viewport"');
    expect((await sessions())[0]!.status).toBe('scanned');
    const done = (await http.post('/connect/confirm', new URLSearchParams({ uuid, persona: 'wangwu', action: 'allow' }))).raw;
    expect(done).toContain('data-result="allowed"');
    expect((await sessions())[0]).toMatchObject({ status: 'confirmed', persona: 'wangwu' });
    // Opening it again tells the phone it is done instead of asking again.
    expect((await http.get(`/connect/confirm?uuid=${uuid}`)).raw).toContain('data-result="confirmed"');
  });

  it('拒绝 cancels the session', async () => {
    const uuid = await openSession();
    const done = (await http.post('/connect/confirm', new URLSearchParams({ uuid, persona: 'lisi', action: 'deny' }))).raw;
    expect(done).toContain('data-result="denied"');
    expect((await sessions())[0]!.status).toBe('cancelled');
  });
});

describe('wxLogin.js', () => {
  it('is served as JavaScript and defines WxLogin building a jssdk qrconnect iframe', async () => {
    const r = await http.get('/connect/zh_CN/htmledition/js/wxLogin.js');
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    const js = r.raw;
    expect(js).toContain('window.WxLogin');
    expect(js).toContain('/connect/qrconnect?appid=');
    expect(js).toContain('login_type=jssdk');
  });

  it("ends with the mock's URL, for a copy that cannot find its own src, and is revalidated by its ETag", async () => {
    const r = await http.get('/connect/zh_CN/htmledition/js/wxLogin.js');
    const js = r.raw;
    expect(js.trimEnd().split('\n').at(-1)).toBe(`window.WxLogin.fallbackOrigin = ${JSON.stringify(mock.url)};`);
    expect(() => new Function(js)).not.toThrow();
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const etag = r.headers.get('etag')!;
    expect((await http.get('/connect/zh_CN/htmledition/js/wxLogin.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('the QR page loads its script from the mock, which keeps that request out of the journal', async () => {
    await http.delete('/__mock/journal');
    const page = (await http.get(`/connect/qrconnect?appid=${WEB}&scope=snsapi_login&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&state=s`)).raw;
    expect(page).toContain('<script src="/assets/qr-page.js"></script>');
    const script = await http.get('/assets/qr-page.js');
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const journal = (await http.get<{ entries: { path: string }[] }>('/__mock/journal')).body;
    expect(journal.entries.map((e) => e.path)).toEqual(['/connect/qrconnect']);
  });

  it('an embedded (jssdk) page uses the site CSS href and the white style', async () => {
    const css = 'data:text/css;base64,LmltcG93ZXJCb3ggLnFyY29kZSB7d2lkdGg6IDIwMHB4O30=';
    const body = (
      await http.get(
        `/connect/qrconnect?appid=${WEB}&scope=snsapi_login&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&state=&login_type=jssdk&self_redirect=default&style=white&href=${encodeURIComponent(css)}`,
      )
    ).raw;
    expect(body).toContain(`<link rel="stylesheet" href="${css}"/>`);
    expect(body).toContain('class="embedded white"');
    const refused = (
      await http.get(
        `/connect/qrconnect?appid=${WEB}&scope=snsapi_login&redirect_uri=${encodeURIComponent(JUSTAUTH_CALLBACK)}&login_type=jssdk&href=${encodeURIComponent('javascript:alert(1)')}`,
      )
    ).raw;
    expect(refused).not.toContain('rel="stylesheet"');
  });
});
