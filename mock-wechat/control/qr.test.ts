import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ControlCode } from '../../core/control-errors.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { HttpClient } from '../../core/http-client.ts';
import { startMockWechat, type StartedMockWechat } from '../app.ts';

const WEB = 'wx3a1c5e7f9b2d4680';
const WEB_SECRET = '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
const WEB_BIND = 'wx3a1c5e7f9b2d4681';
const CALLBACK = 'http://127.0.0.1:7700/auth/callback/wechat_open_web';

let mock: StartedMockWechat;
let http: HttpClient;

const get = (path: string) => http.get(path);
const post = (path: string, body: unknown = {}) => http.post(path, body);
const poll = async (uuid: string, last?: number) => (await http.get(`/connect/l/qrconnect?uuid=${uuid}&_=${Date.now()}${last ? `&last=${last}` : ''}`)).raw;

/** Opens the QR page the way a login system's redirect would; returns the new session's uuid. */
async function openQr(appid = WEB, state = 'st-1'): Promise<string> {
  const page = (
    await http.get(`/connect/qrconnect?appid=${appid}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&scope=snsapi_login&state=${state}`)
  ).raw;
  return /\/connect\/qrcode\/([A-Za-z0-9]{16})/.exec(page)![1]!;
}

beforeAll(async () => {
  mock = await startMockWechat();
  http = new HttpClient(mock.url);
});
afterAll(() => mock.stop());
beforeEach(async () => {
  expect((await post('/__mock/reset')).status).toBe(200);
});

describe('QR long-poll state machine, driven through /__mock/qr', () => {
  it('408 waiting -> scan -> 404 -> confirm -> 405 with a code /sns/oauth2/access_token accepts once', async () => {
    const uuid = await openQr();
    // last=404 differs from "waiting", so the poll answers at once.
    expect(await poll(uuid, 404)).toBe("window.wx_errcode=408;window.wx_code='';");

    const held = poll(uuid); // the page's first poll: held while nothing happens
    const scanned = await post(`/__mock/qr/sessions/${uuid}/scan`, { persona: 'lisi' });
    expect(scanned.status).toBe(200);
    expect(scanned.body.session).toMatchObject({ uuid, status: 'scanned', persona: 'lisi' });
    expect(await held).toBe("window.wx_errcode=404;window.wx_code='';");

    const heldForConfirm = poll(uuid, 404);
    const confirmed = await post(`/__mock/qr/sessions/${uuid}/confirm`, { persona: 'lisi' });
    expect(confirmed.status).toBe(200);
    const code: string = confirmed.body.code;
    expect(code).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(confirmed.body.redirectUrl).toBe(`${CALLBACK}?code=${code}&state=st-1`);
    expect(confirmed.body.session).toMatchObject({ status: 'confirmed', persona: 'lisi', appid: WEB, state: 'st-1', redirectUri: CALLBACK });
    expect(await heldForConfirm).toBe(`window.wx_errcode=405;window.wx_code='${code}';`);

    const exchange = () => get(`/sns/oauth2/access_token?appid=${WEB}&secret=${WEB_SECRET}&code=${code}&grant_type=authorization_code`);
    const first = await exchange();
    expect(first.body.errcode).toBeUndefined();
    expect(first.body).toMatchObject({ scope: 'snsapi_login', openid: mock.ctx.world.openidFor(mock.ctx.world.getPersona('lisi')!, WEB) });
    expect((await exchange()).body.errcode).toBe(40163);

    // The session is over: a second confirm or a cancel is a 409.
    expectControlError(await post(`/__mock/qr/sessions/${uuid}/confirm`, { persona: 'lisi' }), 'wrong_state');
    expectControlError(await post(`/__mock/qr/sessions/${uuid}/cancel`), 'wrong_state');
  });

  it('confirm straight from waiting works, and without persona uses the one who scanned', async () => {
    const a = await openQr();
    expect((await post(`/__mock/qr/sessions/${a}/confirm`, { persona: 'wangwu' })).body.session.status).toBe('confirmed');
    const b = await openQr();
    await post(`/__mock/qr/sessions/${b}/scan`, { persona: 'zhaoliu' });
    expect((await post(`/__mock/qr/sessions/${b}/confirm`)).body.session.persona).toBe('zhaoliu');
    const c = await openQr();
    expectControlError(await post(`/__mock/qr/sessions/${c}/confirm`), 'unknown_persona');
  });

  it('cancel -> 403, and the refusal redirect carries state only', async () => {
    const uuid = await openQr(WEB, 'st-cancel');
    await post(`/__mock/qr/sessions/${uuid}/scan`);
    const held = poll(uuid, 404);
    const cancelled = await post(`/__mock/qr/sessions/${uuid}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.session.status).toBe('cancelled');
    expect(cancelled.body.redirectUrl).toBe(`${CALLBACK}?state=st-cancel`);
    expect(await held).toBe("window.wx_errcode=403;window.wx_code='';");

    const patched = await http.patch('/__mock/options', { refusal: 'none' });
    expect(patched.status).toBe(200);
    const quiet = await post(`/__mock/qr/sessions/${await openQr()}/cancel`);
    expect(quiet.body.redirectUrl).toBeNull();
  });

  it('advancing the mock clock past the QR lifetime -> 402, and the session refuses confirm', async () => {
    const uuid = await openQr();
    expect((await post('/__mock/clock', { advanceSeconds: 301 })).status).toBe(200);
    expect(await poll(uuid)).toBe("window.wx_errcode=402;window.wx_code='';");
    expect((await get(`/__mock/qr/sessions/${uuid}`)).body.session.status).toBe('expired');
    expectControlError(await post(`/__mock/qr/sessions/${uuid}/confirm`, { persona: 'lisi' }), 'wrong_state');
  });

  it('"latest" resolves to the newest waiting or scanned session of the appid (or app key)', async () => {
    const older = await openQr(WEB);
    const bind = await openQr(WEB_BIND);
    const newest = await openQr(WEB);
    expect((await get(`/__mock/qr/sessions/latest?appid=${WEB}`)).body.session.uuid).toBe(newest);
    expect((await get('/__mock/qr/sessions/latest?appid=web-bind')).body.session.uuid).toBe(bind);

    const viaLatest = await post('/__mock/qr/sessions/latest/confirm', { appid: 'web', persona: 'zhangsan' });
    expect(viaLatest.status).toBe(200);
    expect(viaLatest.body.session.uuid).toBe(newest);
    // The confirmed one is no longer "latest"; the older waiting one is.
    expect((await post(`/__mock/qr/sessions/latest/scan?appid=${WEB}`)).body.session.uuid).toBe(older);
    expect((await post('/__mock/qr/sessions/latest/cancel', { appid: WEB })).body.session.uuid).toBe(older);
    expectControlError(await post('/__mock/qr/sessions/latest/confirm', { appid: WEB, persona: 'lisi' }), 'unknown_session');
  });

  it('lists sessions with filters and the URLs a person needs', async () => {
    const uuid = await openQr();
    await openQr(WEB_BIND);
    await post(`/__mock/qr/sessions/${uuid}/confirm`, { persona: 'lisi' });
    const list = (await get('/__mock/qr/sessions?appid=web&status=confirmed')).body.sessions;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      uuid,
      appid: WEB,
      redirectUri: CALLBACK,
      state: 'st-1',
      scope: 'snsapi_login',
      status: 'confirmed',
      persona: 'lisi',
      confirmUrl: `${mock.url}/connect/confirm?uuid=${uuid}`,
    });
    expect(new Date(list[0].expiresAt).getTime() - new Date(list[0].createdAt).getTime()).toBe(300_000);
    expect(list[0].qrconnectUrl).toContain(`/connect/qrconnect?appid=${WEB}&redirect_uri=${encodeURIComponent(CALLBACK)}`);
    expect((await get('/__mock/qr/sessions')).body.sessions).toHaveLength(2);
  });

  it('answers errors in the control shape: unknown session, persona, app, bad status, bad JSON', async () => {
    const uuid = await openQr();
    const cases: [Promise<{ status: number; body: unknown }>, ControlCode][] = [
      [get('/__mock/qr/sessions/NoSuchUuid000000'), 'unknown_session'],
      [post('/__mock/qr/sessions/NoSuchUuid000000/scan'), 'unknown_session'],
      [post(`/__mock/qr/sessions/${uuid}/confirm`, { persona: 'nobody' }), 'unknown_persona'],
      [post(`/__mock/qr/sessions/${uuid}/scan`, { persona: 'nobody' }), 'unknown_persona'],
      [post('/__mock/qr/sessions/latest/confirm', { appid: 'no-such-app', persona: 'lisi' }), 'unknown_app'],
      [get('/__mock/qr/sessions?appid=no-such-app'), 'unknown_app'],
      [get('/__mock/qr/sessions?status=sleeping'), 'bad_status'],
    ];
    for (const [call, code] of cases) expectControlError(await call, code);
    expectControlError(await http.post(`/__mock/qr/sessions/${uuid}/confirm`, '{nope'), 'bad_json');
    // None of that touched the session.
    expect((await get(`/__mock/qr/sessions/${uuid}`)).body.session).toMatchObject({ status: 'waiting', persona: null });
  });
});
