import { Hono, type Context } from 'hono';
import { ControlError } from '../../core/control-errors.ts';
import type { SmsCtx } from '../context.ts';
import { publicMessage } from '../inbox.ts';
import { normalisePhone } from '../phone.ts';
import type { Provider } from '../world/types.ts';

const MAX_WAIT_MS = 300_000;

/** epoch ms or an ISO date; NaN when it is neither. */
function parseSince(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

/** The query's phone, normalised; undefined when there is none (a refusal when `required`). */
function phoneParam(c: Context, required: true): string;
function phoneParam(c: Context, required: false): string | undefined;
function phoneParam(c: Context, required: boolean): string | undefined {
  const raw = c.req.query('phone');
  if (raw === undefined || raw === '') {
    if (required) throw new ControlError('missing_phone', 'phone is required, e.g. ?phone=13800138000');
    return undefined;
  }
  const phone = normalisePhone(raw);
  if (!phone) throw new ControlError('bad_phone', `${raw} is not a phone number (13800138000, +8613800138000, 0086…, or +<country><number>)`);
  return phone;
}

/** The inbox: what tests and people read instead of a phone. */
export function inboxRoutes(ctx: SmsCtx): Hono {
  const app = new Hono();

  app.get('/messages', (c) => {
    const phone = phoneParam(c, false);
    const provider = c.req.query('provider');
    if (provider && provider !== 'aliyun' && provider !== 'tencent') throw new ControlError('bad_provider', 'provider must be "aliyun" or "tencent"');
    const since = parseSince(c.req.query('since'));
    if (since !== undefined && !Number.isFinite(since)) throw new ControlError('bad_since', 'since must be epoch milliseconds or an ISO date');
    const limit = c.req.query('limit') ? Number(c.req.query('limit')) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new ControlError('bad_limit', 'limit must be a positive integer');
    const all = c.req.query('all') === '1' || c.req.query('all') === 'true';
    return c.json({ messages: ctx.inbox.list({ phone, provider: provider as Provider | undefined, since, limit, all }).map(publicMessage) });
  });

  app.delete('/messages', (c) => {
    const phone = phoneParam(c, false);
    return c.json({ deleted: ctx.inbox.clear(phone) });
  });

  app.get('/latest', (c) => {
    const phone = phoneParam(c, true);
    const m = ctx.inbox.latest(phone);
    if (!m) throw new ControlError('no_message', `no message for ${phone}`);
    return c.json({ message: publicMessage(m) });
  });

  app.get('/code', (c) => {
    const phone = phoneParam(c, true);
    const m = ctx.inbox.latestWithCode(phone);
    if (!m) throw new ControlError('no_code', `no verification code for ${phone}`);
    return c.json({ phone, code: m.code, messageId: m.id, receivedAt: m.receivedAt });
  });

  // Long-poll: answers the moment a delivered message for the phone arrives (event, not polling).
  app.get('/wait', async (c) => {
    const phone = phoneParam(c, true);
    const timeoutMs = c.req.query('timeoutMs') ? Number(c.req.query('timeoutMs')) : 30_000;
    if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0 && timeoutMs <= MAX_WAIT_MS))
      throw new ControlError('bad_timeout', `timeoutMs must be 0..${MAX_WAIT_MS}`);
    const since = parseSince(c.req.query('since'));
    if (since !== undefined && !Number.isFinite(since)) throw new ControlError('bad_since', 'since must be epoch milliseconds or an ISO date');
    const m = await ctx.inbox.wait(phone, { since, timeoutMs, signal: c.req.raw.signal });
    if (!m) throw new ControlError('timeout', `no message for ${phone} within ${timeoutMs} ms`);
    return c.json({ message: publicMessage(m) });
  });

  return app;
}
