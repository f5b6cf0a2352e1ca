import { Hono } from 'hono';
import { bundledScript, etagOf, scriptAnswer } from '../../core/client-scripts.ts';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { ControlError } from '../../core/control-errors.ts';
import { QR_ERRCODE, QrSessionError, qrSessions, statusOfErrcode, type QrSession } from '../qr-sessions.ts';
import { ConfirmPage, ConfirmResultPage, type ConfirmOutcome } from './confirm-page.tsx';
import { oauth2Routes } from './oauth2-routes.ts';
import { formFields, html, NO_STORE } from './page-response.ts';
import { QrPage } from './qr-page.tsx';
import { confirmUrl, mockBase } from './urls.ts';
import { validateQrconnect } from './validate.ts';
import { WX_LOGIN_SOURCE } from './scripts.ts';

/** How long the long-poll holds an unchanged status (the real one answers 408 after about 25 s). */
const POLL_HOLD_MS = 20_000;

/** The long-poll's answer, byte for byte in the real page's form. */
function pollAnswer(s: QrSession | undefined): string {
  if (!s) return `window.wx_errcode=${QR_ERRCODE.expired};window.wx_code='';`;
  const code = s.status === 'confirmed' && s.code ? s.code : '';
  return `window.wx_errcode=${QR_ERRCODE[s.status]};window.wx_code='${code}';`;
}

/**
 * open.weixin.qq.com pages: /connect/qrconnect, its QR image, long-poll and the phone confirm page;
 * the Official Account's /connect/oauth2/authorize.
 */
export function connectRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const sessions = qrSessions(ctx);
  app.route('/oauth2', oauth2Routes(ctx));

  app.get('/qrconnect', (c) => {
    const req = validateQrconnect(ctx, (name) => c.req.query(name) ?? '');
    tagJournal(c, { appid: req.app.appid });
    const s = sessions.create({ appid: req.app.appid, redirectUri: req.redirectUri, state: req.state, scope: req.scope });
    return html(
      c,
      QrPage({
        req,
        uuid: s.uuid,
        confirmUrl: confirmUrl(mockBase(ctx, c), s.uuid),
        personas: ctx.world.listPersonas(),
        refusal: ctx.options.get().refusal,
      }),
    );
  });

  app.get('/qrcode/:uuid', async (c) => {
    const s = sessions.get(c.req.param('uuid'));
    if (!s) return c.body('', 404, NO_STORE);
    // Loaded on the first QR image: a sandbox that never shows one need not pay for it at start.
    const { default: QRCode } = await import('qrcode');
    const png = await QRCode.toBuffer(confirmUrl(mockBase(ctx, c), s.uuid), { type: 'png', width: 430, margin: 2, errorCorrectionLevel: 'M' });
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png', ...NO_STORE });
  });

  // lp.open.weixin.qq.com/connect/l/qrconnect: held until the status differs from `last`.
  app.get('/l/qrconnect', async (c) => {
    const uuid = c.req.query('uuid') ?? '';
    const last = statusOfErrcode(Number(c.req.query('last'))) ?? 'waiting';
    const s = uuid ? await sessions.waitForChange(uuid, last, POLL_HOLD_MS, c.req.raw.signal) : undefined;
    return c.body(pollAnswer(s), 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...NO_STORE });
  });

  // The URL inside the QR code. Opening it is the scan.
  app.get('/confirm', (c) => {
    const uuid = c.req.query('uuid') ?? '';
    const s = uuid ? sessions.get(uuid) : undefined;
    if (!s) return html(c, ConfirmResultPage({ outcome: 'unknown' }));
    tagJournal(c, { appid: s.appid });
    if (s.status !== 'waiting' && s.status !== 'scanned') return html(c, ConfirmResultPage({ outcome: s.status }));
    const scanned = sessions.scan(uuid);
    const personas = ctx.world.listPersonas();
    const wanted = c.req.query('persona');
    const selected = wanted && personas.some((p) => p.id === wanted) ? wanted : scanned.persona;
    return html(c, ConfirmPage({ uuid, app: ctx.world.appByAppid(s.appid), appid: s.appid, personas, selected }));
  });

  // 允许 / 拒绝 from the phone page, and the dev panel's buttons (which ask for JSON).
  app.post('/confirm', async (c) => {
    const f = await formFields(c);
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const uuid = f.uuid ?? '';
    const action = f.action ?? '';
    const persona = f.persona || undefined;
    if (persona) tagJournal(c, { persona });
    // The dev panel gets the control API's answer (the app's error handler), the phone a result page.
    const refuse = (e: ControlError, outcome: ConfirmOutcome) => {
      if (wantsJson) throw e;
      return html(c, ConfirmResultPage({ outcome, message: outcome === 'error' ? e.message : undefined }));
    };
    if (!['scan', 'allow', 'deny'].includes(action)) return refuse(new ControlError('bad_action', 'action must be scan, allow or deny'), 'error');
    let s: QrSession;
    try {
      s = action === 'scan' ? sessions.scan(uuid, persona) : action === 'allow' ? sessions.confirm(uuid, persona) : sessions.cancel(uuid);
    } catch (e) {
      if (!(e instanceof QrSessionError)) throw e;
      if (e.code === 'unknown_session') return refuse(e, 'unknown');
      if (e.code === 'wrong_state') {
        const now = sessions.get(uuid)?.status;
        return refuse(e, now === 'confirmed' || now === 'cancelled' || now === 'expired' ? now : 'error');
      }
      return refuse(e, 'error');
    }
    tagJournal(c, { appid: s.appid });
    if (wantsJson) return c.json({ uuid: s.uuid, status: s.status, persona: s.persona });
    return html(c, ConfirmResultPage({ outcome: action === 'allow' ? 'allowed' : action === 'deny' ? 'denied' : 'scanned' }));
  });

  // The bundle, then the mock's URL for a copy of the script that cannot find its own src (client/wx-login.ts).
  app.get('/zh_CN/htmledition/js/wxLogin.js', async (c) => {
    const { code } = await bundledScript(WX_LOGIN_SOURCE);
    const js = `${code}window.WxLogin.fallbackOrigin = ${JSON.stringify(mockBase(ctx, c))};\n`;
    return scriptAnswer(c, js, etagOf(js), {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'max-age=300',
      'Access-Control-Allow-Origin': '*',
    });
  });

  return app;
}
