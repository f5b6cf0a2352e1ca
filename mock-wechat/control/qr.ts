import { Hono, type Context } from 'hono';
import { controlError, readJson } from '../../core/control.ts';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { confirmUrl, mockBase, qrconnectUrl, sessionRedirect } from '../connect/urls.ts';
import { QR_STATUSES, QrSessionError, qrSessions, type QrSession, type QrStatus } from '../qr-sessions.ts';

/** A session as the control API shows it. */
function view(ctx: WechatCtx, c: Context, s: QrSession) {
  const base = mockBase(ctx, c);
  return {
    uuid: s.uuid, appid: s.appid, redirectUri: s.redirectUri, state: s.state, scope: s.scope, status: s.status, persona: s.persona,
    code: s.code, createdAt: new Date(s.createdAt).toISOString(), expiresAt: new Date(s.expiresAt).toISOString(),
    confirmUrl: confirmUrl(base, s.uuid), qrconnectUrl: qrconnectUrl(base, s),
  };
}

/** Control of QR sessions: list, scan, confirm, cancel (by uuid or "latest" for an appid). */
export function qrControlRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const sessions = qrSessions(ctx);

  /** The session `:uuid` names; "latest" = the newest waiting or scanned one of the appid (or app key) given. */
  function find(c: Context, appidOrKey: unknown): QrSession | Response {
    const uuid = c.req.param('uuid') ?? '';
    if (uuid !== 'latest') return sessions.get(uuid) ?? controlError(c, 404, 'unknown_session', `no QR session ${uuid}`);
    let appid: string | undefined;
    if (typeof appidOrKey === 'string' && appidOrKey) {
      const a = ctx.world.getApp(appidOrKey);
      if (!a) return controlError(c, 404, 'unknown_app', `no app ${appidOrKey}`);
      appid = a.appid;
    }
    return sessions.latest(appid) ?? controlError(c, 404, 'unknown_session', `no waiting or scanned QR session${appid ? ` for ${appid}` : ''}`);
  }

  async function body(c: Context): Promise<Record<string, unknown> | Response> {
    const b = await readJson(c);
    if (!b || Array.isArray(b)) return controlError(c, 400, 'bad_json', 'body must be a JSON object');
    return b;
  }

  function act(c: Context, fn: () => QrSession): Response | QrSession {
    try {
      const s = fn();
      tagJournal(c, { appid: s.appid, persona: s.persona ?? undefined });
      return s;
    } catch (e) {
      if (e instanceof QrSessionError) return controlError(c, e.status, e.code, e.message);
      throw e;
    }
  }

  app.get('/sessions', (c) => {
    const q = c.req.query();
    let appid: string | undefined;
    if (q.appid) {
      const a = ctx.world.getApp(q.appid);
      if (!a) return controlError(c, 404, 'unknown_app', `no app ${q.appid}`);
      appid = a.appid;
    }
    if (q.status && !QR_STATUSES.includes(q.status as QrStatus)) return controlError(c, 400, 'bad_status', `status must be one of ${QR_STATUSES.join(', ')}`);
    return c.json({ sessions: sessions.list({ appid, status: q.status as QrStatus | undefined }).map((s) => view(ctx, c, s)) });
  });

  app.get('/sessions/:uuid', (c) => {
    const s = find(c, c.req.query('appid'));
    return s instanceof Response ? s : c.json({ session: view(ctx, c, s) });
  });

  app.post('/sessions/:uuid/scan', async (c) => {
    const b = await body(c);
    if (b instanceof Response) return b;
    const s = find(c, b.appid ?? c.req.query('appid'));
    if (s instanceof Response) return s;
    const r = act(c, () => sessions.scan(s.uuid, typeof b.persona === 'string' ? b.persona : undefined));
    return r instanceof Response ? r : c.json({ session: view(ctx, c, r) });
  });

  app.post('/sessions/:uuid/confirm', async (c) => {
    const b = await body(c);
    if (b instanceof Response) return b;
    const s = find(c, b.appid ?? c.req.query('appid'));
    if (s instanceof Response) return s;
    const r = act(c, () => sessions.confirm(s.uuid, typeof b.persona === 'string' ? b.persona : undefined));
    return r instanceof Response ? r : c.json({ session: view(ctx, c, r), code: r.code, redirectUrl: sessionRedirect(ctx, r) });
  });

  app.post('/sessions/:uuid/cancel', async (c) => {
    const b = await body(c);
    if (b instanceof Response) return b;
    const s = find(c, b.appid ?? c.req.query('appid'));
    if (s instanceof Response) return s;
    const r = act(c, () => sessions.cancel(s.uuid));
    return r instanceof Response ? r : c.json({ session: view(ctx, c, r), redirectUrl: sessionRedirect(ctx, r) });
  });

  return app;
}
