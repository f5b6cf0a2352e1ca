import { Hono } from 'hono';
import { ok, okData, send } from '../ajax.ts';
import type { LoginCtx } from '../context.ts';
import { requireAdmin, requireLogin, type LoginEnv } from '../guard.ts';
import { serverInfo } from '../server-info.ts';

/** DeviceStatistic with nothing in it: reference-login has no devices, products or alerts. */
const NO_DEVICES = { deviceCount: 0, deviceOnlineCount: 0, productCount: 0, alertCount: 0, propertyCount: 0, functionCount: 0, eventCount: 0, monitorCount: 0 };
const EMPTY_TABLE = { total: 0, rows: [], code: 200, msg: '查询成功' };

/**
 * What FastBee's index page (views/index.vue) loads after a login, in FastBee's shapes: no devices
 * and no notices (the IoT side is not reproduced), and the server card filled with this machine.
 */
export function dashboardRoutes(ctx: LoginCtx): Hono<LoginEnv> {
  const app = new Hono<LoginEnv>();
  const auth = requireLogin(ctx);

  // DeviceController.allShortList (TableDataInfo) and getDeviceStatistic (AjaxResult.success(data)).
  app.get('/iot/device/all', auth, (c) => c.json(EMPTY_TABLE));
  app.get('/iot/device/statistic', auth, (c) => send(c, okData(NO_DEVICES)));

  // SysNoticeController.list and getInfo: no notices (success(null) leaves data out).
  app.get('/system/notice/list', auth, (c) => c.json(EMPTY_TABLE));
  app.get('/system/notice/:noticeId{[0-9]+}', auth, (c) => send(c, ok()));

  // ServerController.getInfo: monitor:server:list, which only the administrator role holds here.
  app.get('/monitor/server', auth, requireAdmin(), (c) => send(c, okData(serverInfo())));

  return app;
}
