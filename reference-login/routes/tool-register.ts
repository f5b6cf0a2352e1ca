import { Hono } from 'hono';
import { jsonBody, OK_MSG, okMsg, send, ServiceError, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { MSG } from '../messages.ts';

/**
 * ToolController.register (POST /iot/tool/register): the register page without a bindId. The same
 * rules as /auth/bind/register (ToolServiceImpl.register) and the answer `success()`.
 */
export function toolRegisterRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const accounts = new Accounts(ctx);

  app.post('/register', async (c) => {
    if (!ctx.config.registerUser) throw new ServiceError(MSG.registerOff);
    const body = await jsonBody(c);
    await accounts.register({
      username: str(body, 'username'),
      password: typeof body.password === 'string' ? body.password : '',
      phonenumber: str(body, 'phonenumber'),
      code: str(body, 'code'),
      uuid: str(body, 'uuid'),
    });
    return send(c, okMsg(OK_MSG));
  });

  return app;
}
