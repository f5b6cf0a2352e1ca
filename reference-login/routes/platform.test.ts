import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../core/http-client.ts';
import { APPID, startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
let b: HttpClient;
let admin: string;
beforeEach(async () => {
  w = await startLoginWorld();
  b = w.browser();
  admin = await w.adminToken(b);
});
afterEach(async () => {
  await w.stop();
});

describe('/iot/platform CRUD', () => {
  it('lists the four seeded WeChat platforms (RuoYi TableDataInfo) with relative URIs', async () => {
    const r = await b.get('/iot/platform/list', { token: admin });
    expect(r.body.code).toBe(200);
    expect(r.body.msg).toBe('查询成功');
    expect(r.body.total).toBe(4);
    expect(r.body.rows.map((p: any) => p.platform)).toEqual(['wechat_open_web', 'wechat_open_web_bind', 'wechat_open_mobile', 'wechat_open_mini_program']);
    expect(r.body.rows[0]).toMatchObject({
      clientId: APPID.web,
      status: '0',
      redirectUri: '/auth/callback/wechat_open_web',
      bindUri: '/login?bindId=',
      redirectLoginUri: '/login?loginId=',
      errorMsgUri: '/login?errorId=',
    });
    expect(r.body.rows[1]).toMatchObject({
      clientId: APPID['web-bind'],
      redirectUri: '/wechat/wxBind/callback?wxBindId=',
      redirectLoginUri: '/user/profile?wxBindMsgId=',
    });
    expect(r.body.rows[0].createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const filtered = await b.get('/iot/platform/list?platform=wechat_open_mobile', { token: admin });
    expect(filtered.body.rows).toHaveLength(1);
    const paged = await b.get('/iot/platform/list?pageNum=2&pageSize=3', { token: admin });
    expect(paged.body).toMatchObject({ total: 4 });
    expect(paged.body.rows).toHaveLength(1);
  });

  it('get, update (takes effect on the next login), delete, re-create', async () => {
    const list = (await b.get('/iot/platform/list', { token: admin })).body.rows;
    const web = list[0];
    expect((await b.get(`/iot/platform/${web.socialPlatformId}`, { token: admin })).body.data.platform).toBe('wechat_open_web');
    expect((await b.request('PUT', '/iot/platform', { body: { socialPlatformId: web.socialPlatformId, status: '1' }, token: admin })).body).toEqual({
      code: 200,
      msg: '操作成功',
    });
    const render = await w.browser().get('/auth/render/wechat_open_web');
    expect(render.location).toMatch(/\/login\?errorId=/);
    expect((await b.request('DELETE', `/iot/platform/${web.socialPlatformId}`, { token: admin })).body).toEqual({ code: 200, msg: '操作成功' });
    expect((await b.get('/iot/platform/list', { token: admin })).body.total).toBe(3);
    const created = await b.post('/iot/platform', { ...web, socialPlatformId: undefined, status: '0' }, { token: admin });
    expect(created.body).toEqual({ code: 200, msg: '操作成功' });
    expect((await w.webLogin(w.browser(), 'lisi')).kind).toBe('bindId');
  });

  it('validates: platform type, duplicates, status, and redirect URIs only to the own origin or listed ones', async () => {
    expect((await b.post('/iot/platform', { platform: 'github' }, { token: admin })).body).toEqual({ code: 500, msg: '错误平台类型' });
    expect((await b.post('/iot/platform', { platform: 'wechat_open_web' }, { token: admin })).body).toEqual({
      code: 500,
      msg: "新增第三方登录平台'wechat_open_web'失败，平台已存在",
    });
    const web = (await b.get('/iot/platform/list', { token: admin })).body.rows[0];
    const put = (body: object) => b.request('PUT', '/iot/platform', { body: { socialPlatformId: web.socialPlatformId, ...body }, token: admin });
    expect((await put({ status: '7' })).body.code).toBe(500);
    expect((await put({ bindUri: 'https://evil.example/login?bindId=' })).body).toEqual({ code: 500, msg: 'bindUri 只能指向本系统或已配置的可信地址' });
    expect((await put({ errorMsgUri: 'javascript:alert(1)//' })).body.code).toBe(500);
    expect((await put({ redirectLoginUri: '//evil.example/x?loginId=' })).body.code).toBe(500);
    expect((await put({ bindUri: `${w.url}/login?bindId=` })).body.code).toBe(200);
    expect((await b.post('/iot/platform', { platform: 'qq_open_web', bindUri: 'https://evil.example/' }, { token: admin })).body.code).toBe(500);
    expect((await b.get('/iot/platform/list', { token: admin })).body.total).toBe(4);
  });

  it('edits a platform only for an id that is a number (or its digits), as a Java Long field reads it: an array [1] edits nothing', async () => {
    const web = (await b.get('/iot/platform/list', { token: admin })).body.rows[0];
    for (const socialPlatformId of [[web.socialPlatformId], { id: web.socialPlatformId }, true, `${web.socialPlatformId}x`, ' ']) {
      const r = await b.request('PUT', '/iot/platform', { body: { socialPlatformId, status: '1' }, token: admin });
      expect(r.body.code, JSON.stringify(socialPlatformId)).toBe(500);
    }
    expect((await b.get(`/iot/platform/${web.socialPlatformId}`, { token: admin })).body.data.status).toBe('0');
    expect((await b.request('PUT', '/iot/platform', { body: { socialPlatformId: String(web.socialPlatformId), status: '0' }, token: admin })).body.code).toBe(
      200,
    );
  });

  it('needs a token, and the admin role', async () => {
    expect((await b.get('/iot/platform/list')).body.code).toBe(401);
    await b.get('/notify/smsLoginCaptcha?phoneNumber=13800138000');
    const user = (await b.post('/auth/sms/login', { phonenumber: '13800138000', smsCode: await w.smsCode('13800138000') })).body.data;
    expect((await b.get('/iot/platform/list', { token: user })).body).toEqual({ code: 403, msg: '没有权限，请联系管理员授权' });
    expect((await b.request('DELETE', '/iot/platform/1', { token: user })).body.code).toBe(403);
    expect((await b.get('/iot/platform/list', { token: admin })).body.total).toBe(4);
  });
});
