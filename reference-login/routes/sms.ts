import { Hono } from 'hono';
import { jsonBody, ok, send, ServiceError, str } from '../ajax.ts';
import { Accounts, PHONE_RE } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp } from '../guard.ts';
import { MSG } from '../messages.ts';
import { firstPlaceholder } from '../notify.ts';
import { SmsCodes } from '../sms-codes.ts';

/** GET /notify/smsLoginCaptcha: a login code sent through the enabled captcha template's channel. */
export function notifyRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const codes = new SmsCodes(ctx);

  app.get('/smsLoginCaptcha', async (c) => {
    const phone = (c.req.query('phoneNumber') ?? '').trim();
    // FastBee checks neither the number nor how often it is asked; both are checked here.
    if (!PHONE_RE.test(phone)) throw new ServiceError(MSG.phoneInvalid);
    codes.claimSend(phone);
    try {
      const template = ctx.notify.captchaTemplate();
      if (!template) throw new ServiceError(MSG.templateMissing);
      const channel = ctx.notify.channel(template.channelId);
      if (!channel) throw new ServiceError(MSG.channelMissing);
      const code = codes.generate();
      const sent = await ctx.sms.send({
        provider: channel.provider,
        config: channel.config,
        templateId: template.msgParams.templateId ?? '',
        param: firstPlaceholder(template.msgParams.content) ?? 'code',
        phone,
        code,
      });
      if (!sent.ok) throw new ServiceError(MSG.smsSendFailed(sent.message));
      codes.store(phone, code);
    } catch (e) {
      codes.sendFailed(phone);
      throw e;
    }
    return send(c, ok());
  });

  return app;
}

/** POST /auth/sms/login: the code proves the phone; an unknown phone gets an account (name = password = phone). */
export function smsLoginRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const codes = new SmsCodes(ctx);
  const accounts = new Accounts(ctx);

  app.post('/login', async (c) => {
    const body = await jsonBody(c);
    const phone = str(body, 'phonenumber');
    codes.verify(phone, str(body, 'smsCode'));
    const user = ctx.users.byPhone(phone) ?? (await accounts.autoRegister(phone));
    // Quirk kept: this login answers with the token in data, not in a top-level token key.
    return send(c, { code: 200, msg: MSG.smsLoginSuccess, data: accounts.loginAs(user, clientIp(c)) });
  });

  return app;
}
