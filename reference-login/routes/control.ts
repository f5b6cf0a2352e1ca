import { Hono } from 'hono';
import { putSetting } from '../../core/db.ts';
import { found, jsonObject } from '../../core/control.ts';
import { ControlError } from '../../core/control-errors.ts';
import type { LoginCtx } from '../context.ts';
import { SMS_PROVIDERS, type SmsProviderOption } from '../options.ts';

/** reference-login's own control routes (beside the shared clock/journal/state ones): captcha answers and sys_config. */
export function loginControlRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();

  // Automation cannot read the captcha picture; it reads the answer here.
  app.get('/captcha/:uuid', (c) =>
    c.json({ uuid: c.req.param('uuid'), answer: found(ctx.captcha.peek(c.req.param('uuid')), 'no live captcha with that uuid') }),
  );

  const config = () => ({
    captchaEnabled: ctx.config.captchaEnabled,
    registerUser: ctx.config.registerUser,
    smsResendSeconds: ctx.config.smsResendSeconds,
    smsProvider: ctx.notify.captchaTemplate()?.provider === 'tencent' ? 'tencent' : ctx.notify.captchaTemplate() ? 'aliyun' : null,
  });

  app.get('/config', (c) => c.json(config()));
  app.patch('/config', async (c) => {
    const body = await jsonObject(c);
    for (const k of ['captchaEnabled', 'registerUser'] as const) {
      if (body[k] === undefined) continue;
      if (typeof body[k] !== 'boolean') throw new ControlError('invalid_field', `${k} must be true or false`);
    }
    if (body.smsResendSeconds !== undefined && !(Number.isInteger(body.smsResendSeconds) && (body.smsResendSeconds as number) >= 0))
      throw new ControlError('invalid_field', 'smsResendSeconds must be a non-negative integer');
    if (body.smsProvider !== undefined && body.smsProvider !== null && !SMS_PROVIDERS.includes(body.smsProvider as SmsProviderOption))
      throw new ControlError('invalid_field', `smsProvider must be one of ${SMS_PROVIDERS.join(', ')} or null`);
    if (body.captchaEnabled !== undefined) putSetting(ctx.db, 'sys.account.captchaEnabled', String(body.captchaEnabled));
    if (body.registerUser !== undefined) putSetting(ctx.db, 'sys.account.registerUser', String(body.registerUser));
    if (body.smsResendSeconds !== undefined) putSetting(ctx.db, 'sms.resendSeconds', String(body.smsResendSeconds));
    if (body.smsProvider === null) ctx.notify.disableCaptcha();
    else if (body.smsProvider !== undefined) ctx.notify.useProvider(body.smsProvider === 'aliyun' ? 'alibaba' : 'tencent');
    return c.json(config());
  });

  return app;
}
