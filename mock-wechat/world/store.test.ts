import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, write } from '../../core/db.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { openWechatDb } from '../db.ts';
import { APPS, DCLOUD_APPID, expectWxError, startTestMock, useMock } from '../test-support.ts';
import { World } from './store.ts';

const t = useMock();
const { web, webBind, mobile, mini, mobileStandard } = APPS;

/** A mobile login as the OpenSDK delivers it: SendAuth.Resp from /__mock/sdk/auth. */
async function sdkCode(appid: string, persona: string): Promise<{ code: string; appid: string }> {
  const r = await t.wx.control('POST', '/sdk/auth', { appid, persona, state: 's' });
  expect(r.errCode).toBe(0);
  return r;
}

async function unionidViaUserinfo(app: { appid: string; secret: string }, code: string): Promise<string> {
  const tok = (await t.wx.exchange(app, code)).body;
  return (await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body.unionid;
}

describe('openid and unionid', () => {
  it('gives one persona the same unionid in the web, mobile and mini apps of one account, and a different openid in each', async () => {
    const webTok = await t.wx.login(web, 'zhangsan');
    const webUnion = await unionidViaUserinfo(webBind, await t.wx.code('web-bind', 'zhangsan'));
    const mobileCode = await sdkCode('mobile', 'zhangsan');
    expect(mobileCode.appid).toBe(mobile.appid);
    const mobileTok = (await t.wx.exchange(mobile, mobileCode.code)).body;
    const miniSession = await t.wx.miniLogin('zhangsan');
    expect(new Set([webTok.unionid, webUnion, mobileTok.unionid, miniSession.unionid]).size).toBe(1);
    expect(new Set([webTok.openid, mobileTok.openid, miniSession.openid]).size).toBe(3);
    // Stable: the same persona logs in again with the same ids.
    const again = await t.wx.login(web, 'zhangsan');
    expect([again.openid, again.unionid]).toEqual([webTok.openid, webTok.unionid]);
    // Another persona has other ids.
    const other = await t.wx.login(web, 'lisi');
    expect(other.openid).not.toBe(webTok.openid);
    expect(other.unionid).not.toBe(webTok.unionid);
  });

  it('gives a different unionid per Open Platform account', async () => {
    await t.wx.control('POST', '/accounts', { id: 'second', name: 'A second company' });
    await t.wx.control('PATCH', '/apps/web-bind', { account: 'second' });
    const a = await t.wx.login(web, 'zhangsan');
    const b = await t.wx.login(webBind, 'zhangsan');
    expect(b.unionid).not.toBe(a.unionid);
  });
});

describe('HBuilderX standard base (DCloud)', () => {
  it("issues the code under DCloud's appid: the developer's own appid gets 40029", async () => {
    const r = await sdkCode('mobile-standard', 'zhangsan');
    expect(r.appid).toBe(DCLOUD_APPID);
    expectWxError(await t.wx.exchange(mobileStandard, r.code), 40029, 'invalid code');
    expectWxError(await t.wx.exchange(mobile, r.code), 40029, 'invalid code');
  });

  it("yields DCloud's unionid on the device-side exchange, unlike the developer's apps", async () => {
    const r = await t.wx.control('POST', '/sdk/auth', { appid: 'mobile-standard', persona: 'zhangsan', exchange: true });
    expect(Object.keys(r.authResult)).toEqual(['access_token', 'expires_in', 'refresh_token', 'openid', 'scope', 'unionid']);
    expect(r.authResult.expires_in).toBe(7200);
    const developer = await t.wx.login(web, 'zhangsan');
    expect(r.authResult.unionid).not.toBe(developer.unionid);
    const ids = await t.wx.control('GET', '/personas/zhangsan');
    expect(ids.ids.unionids).toContainEqual({ account: 'dcloud', unionid: r.authResult.unionid });
    expect(ids.ids.unionids).toContainEqual({ account: 'default', unionid: developer.unionid });
    // The device already used the code.
    expectWxError(await t.wx.exchange(APPS.dcloud, r.code), 40163);
  });

  it('a custom-base mobile app with exchange:true yields the developer unionid', async () => {
    const r = await t.wx.control('POST', '/sdk/auth', { appid: 'mobile', persona: 'zhangsan', exchange: true });
    expect(r.authResult.unionid).toBe((await t.wx.login(web, 'zhangsan')).unionid);
  });
});

describe('pinned ids (PATCH /__mock/personas/:id)', () => {
  it('honours openids per appid and unionids per account everywhere the ids appear', async () => {
    const openid = 'oPinnedOpenidFromBugReport01';
    const miniOpenid = 'oPinnedMiniOpenid00000000001';
    const unionid = 'oPinnedUnionidFromBugReport1';
    const p = await t.wx.control('PATCH', '/personas/zhangsan', { openids: { [web.appid]: openid, [mini.appid]: miniOpenid }, unionids: { default: unionid } });
    expect(p.openids).toEqual({ [web.appid]: openid, [mini.appid]: miniOpenid });
    const tok = await t.wx.login(web, 'zhangsan');
    expect([tok.openid, tok.unionid]).toEqual([openid, unionid]);
    const info = (await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid } })).body;
    expect([info.openid, info.unionid]).toEqual([openid, unionid]);
    const session = await t.wx.miniLogin('zhangsan');
    expect([session.openid, session.unionid]).toEqual([miniOpenid, unionid]);
    // checksession finds the persona by the pinned openid.
    const signature = createHmac('sha256', session.session_key).update('').digest('hex');
    const check = await t.wx.get('/wxa/checksession', {
      query: { access_token: await t.wx.appToken(), openid: miniOpenid, signature, sig_method: 'hmac_sha256' },
    });
    expect(check.body.errcode).toBe(0);
    // Apps without a pin keep the derived id.
    const mobileTok = (await t.wx.exchange(mobile, (await sdkCode('mobile', 'zhangsan')).code)).body;
    expect(mobileTok.openid).not.toBe(openid);
    expect(mobileTok.unionid).toBe(unionid);
    const ids = (await t.wx.control('GET', '/personas/zhangsan')).ids;
    expect(ids.openids).toContainEqual(expect.objectContaining({ appid: web.appid, openid }));
  });

  it('rejects an id that is not shaped like one', async () => {
    expectControlError(await t.wx.request('PATCH', '/__mock/personas/zhangsan', { body: { openids: { [web.appid]: 'has spaces in it' } } }), 'invalid_field');
  });
});

// The API reads apps and personas from a cache: every change through the control API (or a
// reset) must show on the very next call.
describe('world changes reach the API at once', () => {
  it('a new nickname, pinned openid, secret and deleted persona are seen by the next call', async () => {
    const tok = await t.wx.login(web, 'zhangsan');
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body.nickname).toBe('张三');
    await t.wx.control('PATCH', '/personas/zhangsan', { nickname: '张三丰' });
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body.nickname).toBe('张三丰');

    await t.wx.control('PATCH', '/personas/zhangsan', { openids: { [web.appid]: 'oPinnedFromABugReport0000001' } });
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } }), 40003);
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: 'oPinnedFromABugReport0000001' } })).body.nickname).toBe(
      '张三丰',
    );

    await t.wx.control('PATCH', '/apps/web', { secret: 'a-new-secret-0000000000000000000' });
    expectWxError(await t.wx.exchange(web, await t.wx.code('web', 'lisi')), 40125);
    expect((await t.wx.login({ appid: web.appid, secret: 'a-new-secret-0000000000000000000' }, 'lisi')).openid).toBeTypeOf('string');

    const code = await t.wx.code('web-bind', 'wangwu');
    expect((await t.wx.request('DELETE', '/__mock/personas/wangwu')).status).toBeLessThan(300);
    expectWxError(await t.wx.exchange(webBind, code), 40029);
  });

  it('a unit of work on the apps table, outside World, is seen by the next call with nothing told to forget', async () => {
    await t.wx.login(web, 'zhangsan');
    const db = t.mock.ctx.db;
    write(db, ['apps'], "UPDATE apps SET secret = 'written-around-the-store-00000000' WHERE appid = ?", web.appid);
    expectWxError(await t.wx.exchange(web, await t.wx.code('web', 'lisi')), 40125);
    expect((await t.wx.login({ appid: web.appid, secret: 'written-around-the-store-00000000' }, 'lisi')).openid).toBeTypeOf('string');
  });

  it('deleting an account takes the unionid from the apps it held', async () => {
    await t.wx.control('POST', '/accounts', { id: 'gone', name: 'Leaving company' });
    await t.wx.control('POST', '/apps', {
      appid: 'wx00000000000000ac',
      key: 'gone-web',
      type: 'web',
      secret: 'gone-secret-000000000000000000000',
      account: 'gone',
      callbackDomain: '127.0.0.1',
    });
    const app = { appid: 'wx00000000000000ac', secret: 'gone-secret-000000000000000000000' };
    expect((await t.wx.login(app, 'zhangsan')).unionid).toBeTypeOf('string');
    expect((await t.wx.request('DELETE', '/__mock/accounts/gone')).status).toBeLessThan(300);
    expect((await t.wx.login(app, 'zhangsan')).unionid).toBeUndefined();
  });

  it('sees what another connection wrote to the database file (wxmock import while the mock runs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmock-world-'));
    const file = join(dir, 'wechat.db');
    const { mock, wx } = await startTestMock({ dbFile: file });
    try {
      const tok = await wx.login(web, 'zhangsan');
      const nickname = async () => (await wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body.nickname;
      expect(await nickname()).toBe('张三');
      const other = openWechatDb(file);
      new World(other).updatePersona('zhangsan', { nickname: '导入的张三' });
      closeDatabase(other);
      expect(await nickname()).toBe('导入的张三');
    } finally {
      await mock.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reset brings back the default world the API answers with', async () => {
    await t.wx.control('PATCH', '/personas/lisi', { nickname: '临时' });
    await t.wx.control('POST', '/reset');
    const tok = await t.wx.login(web, 'lisi');
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body.nickname).toBe('李四');
  });
});
