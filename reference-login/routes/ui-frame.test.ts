import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

// The calls FastBee's web UI makes on every page around the login (its frame), answered in FastBee's shapes.
let w: LoginWorld;
let token: string;
beforeAll(async () => {
  w = await startLoginWorld();
  token = await w.adminToken();
});
afterAll(() => w.stop());

describe('GET /getRouters (store/modules/permission.js reads res.data)', () => {
  it('signed in: {code:200, msg, data:[]}: no menus behind the dashboard and the user centre', async () => {
    expect((await w.browser().get('/getRouters', { token })).body).toEqual({ code: 200, msg: '操作成功', data: [] });
  });
  it('without a token: 401 in the envelope, as every guarded FastBee route', async () => {
    expect((await w.browser().get('/getRouters')).body).toEqual({ code: 401, msg: '请求访问：/getRouters，认证失败，无法访问系统资源' });
  });
});

describe('GET /app/language/list (lang/index.js reads res.rows, anonymous)', () => {
  it("FastBee's three app_language rows as a TableDataInfo", async () => {
    const r = (await w.browser().get('/app/language/list?pageNum=1&pageSize=1000')).body;
    expect(r).toMatchObject({ total: 3, code: 200, msg: '查询成功' });
    expect(r.rows.map((x: { language: string; langName: string }) => [x.language, x.langName])).toEqual([
      ['zh-CN', '简体中文'],
      ['en-US', 'English'],
      ['jp', '日语'],
    ]);
    expect(Object.keys(r.rows[0]).sort()).toEqual(['country', 'createBy', 'createTime', 'id', 'langName', 'language', 'timeZone']);
  });
  it('pages with pageNum/pageSize; total stays the whole count', async () => {
    const r = (await w.browser().get('/app/language/list?pageNum=2&pageSize=2')).body;
    expect(r.total).toBe(3);
    expect(r.rows.map((x: { language: string }) => x.language)).toEqual(['jp']);
  });
});

describe('POST /app/preferences/addOrUpdate (layout/components/langSelect.vue)', () => {
  it('signed in: CommonResult {code:0, data:1, msg:""}, and the choice is kept', async () => {
    const b = w.browser();
    expect((await b.post('/app/preferences/addOrUpdate', { language: 'en-US' }, { token })).body).toEqual({ code: 0, data: 1, msg: '' });
    expect(w.login.ctx.db.prepare("SELECT value FROM settings WHERE key = 'app_preferences.language:1'").pluck().get()).toBe('en-US');
    expect((await b.post('/app/preferences/addOrUpdate', { language: 'zh-CN' }, { token })).body.code).toBe(0);
    expect(w.login.ctx.db.prepare("SELECT value FROM settings WHERE key = 'app_preferences.language:1'").pluck().get()).toBe('zh-CN');
  });
  it('without a token 401; a bad body or language is refused without a change', async () => {
    const b = w.browser();
    expect((await b.post('/app/preferences/addOrUpdate', { language: 'en-US' })).body.code).toBe(401);
    expect((await b.request('POST', '/app/preferences/addOrUpdate', { body: '{"language":', token })).body).toEqual({ code: 500, msg: '请求参数格式错误' });
    expect((await b.post('/app/preferences/addOrUpdate', { language: 'x'.repeat(21) }, { token })).body.code).toBe(500);
    expect((await b.post('/app/preferences/addOrUpdate', { language: 'zh\u0000CN' }, { token })).body.code).toBe(500);
    expect(w.login.ctx.db.prepare("SELECT value FROM settings WHERE key = 'app_preferences.language:1'").pluck().get()).toBe('zh-CN');
  });
});

describe('GET /system/config/configKey/{key} (views/register.vue reads msg)', () => {
  it('the register page\'s sys.logo.config, anonymously: {code:200, msg:""} (not configured)', async () => {
    expect((await w.browser().get('/system/config/configKey/sys.logo.config')).body).toEqual({ code: 200, msg: '' });
  });
  it('the account switches are public; other keys need a login; the token key is no config key', async () => {
    const b = w.browser();
    expect((await b.get('/system/config/configKey/sys.account.registerUser')).body).toEqual({ code: 200, msg: 'true' });
    expect((await b.get('/system/config/configKey/sys.account.captchaEnabled')).body).toEqual({ code: 200, msg: 'false' });
    expect((await b.get('/system/config/configKey/sys.user.initPassword')).body.code).toBe(401);
    expect((await b.get('/system/config/configKey/token.secret')).body.code).toBe(401);
    expect((await b.get('/system/config/configKey/token.secret', { token })).body).toEqual({ code: 200, msg: '' });
    expect((await b.get('/system/config/configKey/sys.index.sideTheme', { token })).body).toEqual({ code: 200, msg: 'theme-dark' });
  });
});
