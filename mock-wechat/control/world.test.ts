import { describe, expect, it } from 'vitest';
import type { ControlCode } from '../../core/control-errors.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { APPS, expectWxError, useMock } from '../test-support.ts';

const t = useMock();

async function fails(method: string, path: string, body: unknown, code: ControlCode): Promise<void> {
  expectControlError(await t.wx.request(method, `/__mock${path}`, { body }), code);
}

describe('GET /__mock/world', () => {
  it('lists the default world: two accounts, six apps, five personas', async () => {
    const w = await t.wx.control('GET', '/world');
    expect(w.accounts.map((a: { id: string }) => a.id)).toEqual(['default', 'dcloud']);
    expect(w.apps.map((a: { key: string }) => a.key)).toEqual(['web', 'web-bind', 'mobile', 'mini', 'mobile-standard', 'official', 'dcloud-hbuilder']);
    expect(w.personas.map((p: { id: string }) => p.id)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'risky']);
  });
});

describe('accounts', () => {
  it('create, read, rename, delete; built-in accounts stay', async () => {
    expect(await t.wx.control('POST', '/accounts', { id: 'acme', name: 'ACME Ltd' })).toEqual({ id: 'acme', name: 'ACME Ltd' });
    expect(await t.wx.control('GET', '/accounts/acme')).toEqual({ id: 'acme', name: 'ACME Ltd' });
    expect(await t.wx.control('PATCH', '/accounts/acme', { name: 'ACME' })).toEqual({ id: 'acme', name: 'ACME' });
    expect((await t.wx.control('GET', '/accounts')).accounts).toHaveLength(3);
    await fails('POST', '/accounts', { id: 'acme' }, 'exists');
    await fails('POST', '/accounts', { id: 'bad id' }, 'invalid_field');
    await fails('DELETE', '/accounts/default', undefined, 'builtin');
    expect(await t.wx.control('DELETE', '/accounts/acme')).toEqual({ deleted: true });
    await fails('GET', '/accounts/acme', undefined, 'not_found');
    await fails('DELETE', '/accounts/acme', undefined, 'not_found');
  });

  it('deleting an account unbinds its apps: no unionid any more', async () => {
    await t.wx.control('POST', '/accounts', { id: 'acme' });
    await t.wx.control('PATCH', '/apps/web', { account: 'acme' });
    expect((await t.wx.login(APPS.web, 'zhangsan')).unionid).toBeTypeOf('string');
    await t.wx.control('DELETE', '/accounts/acme');
    expect((await t.wx.control('GET', '/apps/web')).account).toBeNull();
    expect((await t.wx.login(APPS.web, 'zhangsan')).unionid).toBeUndefined();
  });
});

describe('apps', () => {
  it('create with defaults, then the API knows the app; patch; delete', async () => {
    const created = await t.wx.request('POST', '/__mock/apps', { body: { appid: 'wx00000000000000aa', type: 'miniprogram', name: 'Second mini' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      appid: 'wx00000000000000aa',
      key: 'wx00000000000000aa',
      type: 'miniprogram',
      account: 'default',
      phoneFreeQuota: 1000,
      phonePrice: 0.03,
    });
    expect(created.body.secret).toMatch(/^[0-9a-f]{32}$/);
    const app = { appid: 'wx00000000000000aa', secret: created.body.secret };
    expect((await t.wx.appToken(app)).length).toBeGreaterThan(100);
    await t.wx.control('PATCH', '/apps/wx00000000000000aa', { secret: 'rotated-secret-0000000000000000', key: 'mini2' });
    expectWxError(await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...app } }), 40125);
    expect((await t.wx.control('GET', '/apps/mini2')).secret).toBe('rotated-secret-0000000000000000');
    expect(await t.wx.control('DELETE', '/apps/mini2')).toEqual({ deleted: true });
    expectWxError(
      await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', appid: 'wx00000000000000aa', secret: 'rotated-secret-0000000000000000' } }),
      40013,
    );
  });

  it('rejects bad fields with 400 and duplicates with 409, changing nothing', async () => {
    const before = await t.wx.control('GET', '/apps');
    await fails('POST', '/apps', { appid: 'wx00000000000000bb', type: 'desktop' }, 'invalid_field');
    await fails('POST', '/apps', { appid: APPS.web.appid, type: 'web' }, 'exists');
    await fails('POST', '/apps', { appid: 'wx00000000000000bb', type: 'web', key: 'mini' }, 'exists');
    await fails('POST', '/apps', { appid: 'wx00000000000000bb', type: 'web', account: 'nope' }, 'unknown_account');
    await fails('POST', '/apps', { appid: 'wx00000000000000bb', type: 'web', account: {} }, 'invalid_field');
    await fails('POST', '/apps', { appid: 'wx00000000000000bb', type: 'mobile', base: 'weird' }, 'invalid_field');
    await fails('PATCH', '/apps/mini', { phoneFreeQuota: -1 }, 'invalid_field');
    await fails('PATCH', '/apps/mini', { phoneCallLimit: 1.5 }, 'invalid_field');
    await fails('PATCH', '/apps/mini', { appid: 'wxother' }, 'invalid_field');
    await fails('PATCH', '/apps/mini', { callbackDomain: 5 }, 'invalid_field');
    await fails('PATCH', '/apps/nope', { name: 'x' }, 'not_found');
    await fails('DELETE', '/apps/dcloud-hbuilder', undefined, 'builtin');
    expect(await t.wx.control('GET', '/apps')).toEqual(before);
  });
});

describe('personas', () => {
  it('create, read with ids, patch, delete; the API follows', async () => {
    const p = await t.wx.request('POST', '/__mock/personas', { body: { id: 'qa-user', nickname: 'QA 用户', phone: '13500135000' } });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      id: 'qa-user',
      nickname: 'QA 用户',
      sex: 0,
      phone: '13500135000',
      countryCode: '86',
      risky: false,
      openids: {},
      unionids: {},
    });
    const read = await t.wx.control('GET', '/personas/qa-user');
    expect(read.ids.openids.find((o: { appid: string }) => o.appid === APPS.web.appid).openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    const tok = await t.wx.login(APPS.web, 'qa-user');
    expect(tok.openid).toBe(read.ids.openids.find((o: { appid: string }) => o.appid === APPS.web.appid).openid);
    // null clears a profile field.
    expect((await t.wx.control('PATCH', '/personas/qa-user', { risky: true, city: 'Shanghai', language: null })).language).toBe('');
    const { code } = await t.wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'qa-user' });
    expectWxError(await t.wx.get('/sns/jscode2session', { query: { ...APPS.mini, js_code: code, grant_type: 'authorization_code' } }), 40226);
    expect(await t.wx.control('DELETE', '/personas/qa-user')).toEqual({ deleted: true });
    await fails('GET', '/personas/qa-user', undefined, 'not_found');
    // Tokens of a deleted persona are no good.
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } }), 40003);
  });

  it('rejects bad fields with 400 and duplicates with 409', async () => {
    const before = await t.wx.control('GET', '/personas');
    await fails('POST', '/personas', { id: 'zhangsan' }, 'exists');
    await fails('POST', '/personas', { id: '' }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', sex: 3 }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', phone: '+86 138' }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', countryCode: 86 }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', language: 5 }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', sex: [1] }, 'invalid_field');
    await fails('POST', '/personas', { id: 'x', risky: 'yes' }, 'invalid_field');
    await fails('PATCH', '/personas/zhangsan', { nickname: '' }, 'invalid_field');
    await fails('PATCH', '/personas/nobody', { nickname: 'x' }, 'not_found');
    expect(await t.wx.control('GET', '/personas')).toEqual(before);
  });
});

describe('PUT /__mock/world', () => {
  it('replaces the world, keeps the built-in accounts and DCloud app, and rejects a malformed one whole', async () => {
    await t.wx.control('PUT', '/world', {
      seed: 'other-seed',
      apps: [{ appid: 'wx00000000000000cc', type: 'web', secret: 's3cr3t-s3cr3t' }],
      personas: [{ id: 'solo' }],
    });
    const w = await t.wx.control('GET', '/world');
    expect(w.seed).toBe('other-seed');
    expect(w.apps.map((a: { appid: string }) => a.appid)).toEqual(['wx00000000000000cc', APPS.dcloud.appid]);
    expect(w.accounts.map((a: { id: string }) => a.id)).toEqual(['default', 'dcloud']);
    expect(w.personas.map((p: { id: string }) => p.id)).toEqual(['solo']);
    for (const bad of [{ accounts: 5 }, { apps: {} }, { personas: [null] }, { seed: {} }, { apps: [{ appid: 'wx00000000000000dd', type: 'nope' }] }]) {
      expectControlError(await t.wx.request('PUT', '/__mock/world', { body: bad }), 'invalid_field');
    }
    expect(await t.wx.control('GET', '/world')).toEqual(w);
  });
});

describe('options', () => {
  it('reads and patches the behaviour switches; rejects unknown names and bad values', async () => {
    const o = await t.wx.control('GET', '/options');
    expect(o).toMatchObject({
      snsContentType: 'text',
      refusal: 'redirect',
      expiredCodeErrcode: 40029,
      webCodeTtlSeconds: 600,
      jsCodeTtlSeconds: 300,
      refreshTokenTtlDays: 30,
    });
    expect((await t.wx.control('PATCH', '/options', { refreshTokenTtlDays: 180 })).refreshTokenTtlDays).toBe(180);
    await fails('PATCH', '/options', { nope: 1 }, 'bad_option');
    await fails('PATCH', '/options', { snsContentType: 'xml' }, 'bad_option');
    await fails('PATCH', '/options', { webCodeTtlSeconds: -5 }, 'bad_option');
    await fails('PATCH', '/options', { webCodeTtlSeconds: 1e300 }, 'bad_option');
    expect((await t.wx.control('GET', '/options')).refreshTokenTtlDays).toBe(180);
  });
});
