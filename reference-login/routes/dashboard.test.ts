import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

// What FastBee's index page (views/index.vue) asks for after a login: empty data in FastBee's shapes.
let w: LoginWorld;
let admin: string;
let general: string;
beforeAll(async () => {
  w = await startLoginWorld();
  admin = await w.adminToken();
  const b = w.browser();
  expect((await b.post('/iot/tool/register', { username: 'viewer01', password: 'Viewer-01' })).body.code).toBe(200);
  general = (await b.post('/login', { username: 'viewer01', password: 'Viewer-01' })).body.token;
});
afterAll(() => w.stop());

describe('the dashboard calls', () => {
  it('/iot/device/all and /system/notice/list: empty TableDataInfo', async () => {
    const b = w.browser();
    expect((await b.get('/iot/device/all', { token: admin })).body).toEqual({ total: 0, rows: [], code: 200, msg: '查询成功' });
    expect((await b.get('/system/notice/list?pageNum=1&pageSize=6', { token: general })).body).toEqual({ total: 0, rows: [], code: 200, msg: '查询成功' });
    expect((await b.get('/system/notice/7', { token: admin })).body).toEqual({ code: 200, msg: '操作成功' });
  });

  it('/iot/device/statistic: a DeviceStatistic of zeros', async () => {
    expect((await w.browser().get('/iot/device/statistic', { token: general })).body).toEqual({
      code: 200,
      msg: '操作成功',
      data: { deviceCount: 0, deviceOnlineCount: 0, productCount: 0, alertCount: 0, propertyCount: 0, functionCount: 0, eventCount: 0, monitorCount: 0 },
    });
  });

  it("/monitor/server: this machine in FastBee's Server shape, for the administrator only", async () => {
    const r = (await w.browser().get('/monitor/server', { token: admin })).body;
    expect(r).toMatchObject({ code: 200, msg: '操作成功' });
    expect(Object.keys(r.data).sort()).toEqual(['cpu', 'jvm', 'mem', 'sys', 'sysFiles']);
    expect(r.data.cpu.cpuNum).toBeGreaterThan(0);
    expect(r.data.mem.total).toBeGreaterThan(0);
    expect(r.data.sys).toMatchObject({ osArch: process.arch });
    // index.vue: sysFiles[0].used/free are "<n> GB" strings it strips the unit from.
    expect(r.data.sysFiles[0].used).toMatch(/^\d+(\.\d)? (GB|MB|KB|B)$/);
    expect(r.data.jvm.startTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await w.browser().get('/monitor/server', { token: general })).body).toEqual({ code: 403, msg: '没有权限，请联系管理员授权' });
  });

  it('without a token each is 401', async () => {
    for (const path of ['/iot/device/all', '/iot/device/statistic', '/system/notice/list', '/monitor/server'])
      expect((await w.browser().get(path)).body.code).toBe(401);
  });
});
