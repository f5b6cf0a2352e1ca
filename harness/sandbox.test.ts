import { afterAll, describe, expect, it } from 'vitest';
import { startMockSms } from '../mock-sms/app.ts';
import { startMockWechat } from '../mock-wechat/app.ts';
import { startReferenceLogin } from '../reference-login/app.ts';
import { startSandbox, type Sandbox } from './sandbox.ts';

describe('startSandbox with the reference target', () => {
  it('runs several sandboxes in one process without interference', async () => {
    const [a, b] = await Promise.all([startSandbox(), startSandbox()]);
    try {
      expect(a.wechatUrl).not.toBe(b.wechatUrl);
      await a.wechat.createPersona({ id: 'only-in-a', nickname: 'A' });
      expect((await b.wechat.http.get('/__mock/personas/only-in-a')).status).toBe(404);
      // A binding in one sandbox's login system is unknown to the other's.
      const bound = await a.mobileApp().login('wangwu');
      await a.target.api.bindLogin({ bindId: bound.result!.data.bindId, username: 'admin', password: 'admin123' });
      expect((await a.mobileApp().login('wangwu')).result!.data.token).toBeTruthy();
      expect((await b.mobileApp().login('wangwu')).result!.data.bindId).toBeTruthy();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('moves every clock at once', async () => {
    const s = await startSandbox();
    try {
      const before = (await s.wechat.http.get('/__mock/clock')).body.offsetMs as number;
      await s.advanceClock(90);
      expect((await s.wechat.http.get('/__mock/clock')).body.offsetMs - before).toBe(90_000);
      expect((await s.sms.http.get('/__mock/clock')).body.offsetMs).toBe(90_000);
    } finally {
      await s.close();
    }
  });
});

describe("the fastbee target adapter (FastBee's API, exercised against reference-login which speaks it)", () => {
  let sandbox: Sandbox;
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await sandbox?.close();
    for (const stop of stops) await stop();
  });

  it('drives web QR login and binding, mobile, mini program and SMS login through the API', async () => {
    const wechat = await startMockWechat();
    const sms = await startMockSms();
    const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url });
    stops.push(login.stop, sms.stop, wechat.stop);
    sandbox = await startSandbox({ target: 'fastbee', targetUrl: login.url, targetApiUrl: login.url, wechatUrl: wechat.url, smsUrl: sms.url });
    const api = sandbox.target.api;
    expect(sandbox.target.name).toBe('fastbee');

    const render = await api.renderWebLogin();
    expect(render.qrconnectUrl).toContain('/connect/qrconnect');
    await sandbox.wechat.http.get(render.qrconnectUrl!);
    const confirmed = await sandbox.user('zhangsan').confirm(render.appid!);
    const back = new URL(confirmed.redirectUrl!);
    const { outcome } = await api.callback({ code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
    expect(outcome.kind).toBe('bindId');
    const bound = await api.bindLogin({ bindId: (outcome as { bindId: string }).bindId, username: 'admin', password: 'admin123' });
    expect(bound).toMatchObject({ code: 200, msg: '操作成功' });

    const mobile = await sandbox.mobileApp().login('zhangsan');
    expect(mobile.result).toMatchObject({ code: 200, data: { bindId: null } });
    const mini = await sandbox.miniProgram().phoneLogin('lisi');
    expect(mini.result?.code).toBe(200);

    const since = new Date(Date.now() - 1).toISOString();
    expect((await api.sendSmsLoginCode('15888888888')).code).toBe(200);
    const code = await sandbox.sms.waitForCode('15888888888', { since });
    expect(await api.smsLogin({ phonenumber: '15888888888', smsCode: code })).toMatchObject({ code: 200, msg: '登录成功' });
  });
});
