import { Hono, type Context } from 'hono';
import { jsonObject } from '../../core/control.ts';
import { ControlError } from '../../core/control-errors.ts';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { confirmUrl, mockBase, qrconnectUrl, sessionRedirect } from '../connect/urls.ts';
import { QR_STATUSES, qrSessions, type QrSession, type QrStatus } from '../qr-sessions.ts';

/** A session as the control API shows it. */
function view(ctx: WechatCtx, c: Context, s: QrSession) {
  const base = mockBase(ctx, c);
  return {
    uuid: s.uuid,
    appid: s.appid,
    redirectUri: s.redirectUri,
    state: s.state,
    scope: s.scope,
    status: s.status,
    persona: s.persona,
    code: s.code,
    createdAt: new Date(s.createdAt).toISOString(),
    expiresAt: new Date(s.expiresAt).toISOString(),
    confirmUrl: confirmUrl(base, s.uuid),
    qrconnectUrl: qrconnectUrl(base, s),
  };
}

/** Control of QR sessions: list, scan, confirm, cancel (by uuid or "latest" for an appid). */
export function qrControlRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const sessions = qrSessions(ctx);

  /** The session `:uuid` names; "latest" = the newest waiting or scanned one of the appid (or app key) given. */
  function find(c: Context, appidOrKey: unknown): QrSession {
    const uuid = c.req.param('uuid') ?? '';
    if (uuid !== 'latest') {
      const s = sessions.get(uuid);
      if (!s) throw new ControlError('unknown_session', `no QR session ${uuid}`);
      return s;
    }
    const appid = appOf(appidOrKey);
    const s = sessions.latest(appid);
    if (!s) throw new ControlError('unknown_session', `no waiting or scanned QR session${appid ? ` for ${appid}` : ''}`);
    return s;
  }

  /** The appid an appid or app key names; undefined when none is given. */
  function appOf(appidOrKey: unknown): string | undefined {
    if (typeof appidOrKey !== 'string' || !appidOrKey) return undefined;
    const a = ctx.world.getApp(appidOrKey);
    if (!a) throw new ControlError('unknown_app', `no app ${appidOrKey}`);
    return a.appid;
  }

  /** Runs a transition (its QrSessionError is a ControlError) and files the call under the session's app and persona. */
  function act(c: Context, fn: () => QrSession): QrSession {
    const s = fn();
    tagJournal(c, { appid: s.appid, persona: s.persona ?? undefined });
    return s;
  }

  app.get('/sessions', (c) => {
    const q = c.req.query();
    const appid = appOf(q.appid);
    if (q.status && !QR_STATUSES.includes(q.status as QrStatus)) throw new ControlError('bad_status', `status must be one of ${QR_STATUSES.join(', ')}`);
    return c.json({ sessions: sessions.list({ appid, status: q.status as QrStatus | undefined }).map((s) => view(ctx, c, s)) });
  });

  app.get('/sessions/:uuid', (c) => c.json({ session: view(ctx, c, find(c, c.req.query('appid'))) }));

  app.post('/sessions/:uuid/scan', async (c) => {
    const b = await jsonObject(c);
    const s = find(c, b.appid ?? c.req.query('appid'));
    const r = act(c, () => sessions.scan(s.uuid, typeof b.persona === 'string' ? b.persona : undefined));
    return c.json({ session: view(ctx, c, r) });
  });

  app.post('/sessions/:uuid/confirm', async (c) => {
    const b = await jsonObject(c);
    const s = find(c, b.appid ?? c.req.query('appid'));
    const r = act(c, () => sessions.confirm(s.uuid, typeof b.persona === 'string' ? b.persona : undefined));
    return c.json({ session: view(ctx, c, r), code: r.code, redirectUrl: sessionRedirect(ctx, r) });
  });

  app.post('/sessions/:uuid/cancel', async (c) => {
    const b = await jsonObject(c);
    const s = find(c, b.appid ?? c.req.query('appid'));
    const r = act(c, () => sessions.cancel(s.uuid));
    return c.json({ session: view(ctx, c, r), redirectUrl: sessionRedirect(ctx, r) });
  });

  return app;
}
