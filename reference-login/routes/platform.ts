import { Hono } from 'hono';
import { jsonBody, ok, okData, send, ServiceError } from '../ajax.ts';
import type { LoginCtx } from '../context.ts';
import { requireAdmin, requireLogin, type LoginEnv } from '../guard.ts';
import { MSG } from '../messages.ts';
import { isPlatformType, PLATFORM_FIELDS, platformJson, type PlatformInput } from '../platforms.ts';

const URI_FIELDS = ['redirectUri', 'bindUri', 'redirectLoginUri', 'errorMsgUri'] as const;

/** /iot/platform: RuoYi CRUD of the third-party platform rows (System Management → 第三方登录). */
export function platformRoutes(ctx: LoginCtx): Hono<LoginEnv> {
  const app = new Hono<LoginEnv>();
  app.use('*', requireLogin(ctx), requireAdmin());

  /** The editable fields of a request body, checked: known platform, status 0/1, URIs on allowed origins. */
  function input(body: Record<string, unknown>): PlatformInput {
    const out: PlatformInput = {};
    for (const f of PLATFORM_FIELDS) {
      const v = body[f];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' && typeof v !== 'number') throw new ServiceError(`${f} 格式错误`);
      out[f] = String(v).trim();
    }
    if (out.platform !== undefined && !isPlatformType(out.platform)) throw new ServiceError(MSG.platformInvalid);
    if (out.status !== undefined && !['0', '1'].includes(out.status)) throw new ServiceError('status 只能是 0（启用）或 1（停用）');
    if (out.delFlag !== undefined && !['0', '2'].includes(out.delFlag)) throw new ServiceError('delFlag 只能是 0 或 2');
    // FastBee redirects to whatever is configured; here only to the own origin or a listed one.
    for (const f of URI_FIELDS) if (out[f] && !ctx.redirects.allowed(out[f]!)) throw new ServiceError(MSG.platformUriNotAllowed(f));
    return out;
  }

  app.get('/list', (c) => {
    const q = c.req.query();
    const all = ctx.platforms.list({ platform: q.platform || undefined, status: q.status || undefined });
    const size = Math.max(1, Math.min(Number(q.pageSize) || all.length || 10, 500));
    const page = Math.max(1, Number(q.pageNum) || 1);
    const rows = q.pageSize ? all.slice((page - 1) * size, page * size) : all;
    return c.json({ total: all.length, rows: rows.map(platformJson), code: 200, msg: '查询成功' });
  });

  app.get('/:id{[0-9]+}', (c) => {
    const p = ctx.platforms.byId(Number(c.req.param('id')));
    return send(c, okData(p ? platformJson(p) : null));
  });

  app.post('/', async (c) => {
    const data = input(await jsonBody(c));
    if (!data.platform) throw new ServiceError(MSG.platformInvalid);
    if (ctx.platforms.get(data.platform)) throw new ServiceError(MSG.platformExists(data.platform));
    ctx.platforms.insert({ ...data, platform: data.platform }, c.get('user').userName, ctx.clock.now());
    return send(c, ok());
  });

  app.put('/', async (c) => {
    const body = await jsonBody(c);
    // A Java Long field takes a number or a string of digits; Number() would also make 1 of [1] or true.
    const raw = body.socialPlatformId;
    const id = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw)) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(id) || !ctx.platforms.byId(id)) throw new ServiceError(MSG.operationFailed);
    const data = input(body);
    if (data.platform) {
      const other = ctx.platforms.get(data.platform);
      if (other && other.socialPlatformId !== id) throw new ServiceError(MSG.platformExists(data.platform));
    }
    const n = ctx.platforms.update(id, data, c.get('user').userName, ctx.clock.now());
    if (n === 0) throw new ServiceError(MSG.operationFailed);
    return send(c, ok());
  });

  app.delete('/:ids', (c) => {
    const ids = c.req
      .param('ids')
      .split(',')
      .map((s) => Number(s.trim()));
    if (!ids.length || ids.some((n) => !Number.isInteger(n))) throw new ServiceError(MSG.operationFailed);
    if (ctx.platforms.remove(ids) === 0) throw new ServiceError(MSG.operationFailed);
    return send(c, ok());
  });

  return app;
}
