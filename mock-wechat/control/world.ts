import { Hono } from 'hono';
import { controlCall, controlError, jsonObject } from '../../core/control.ts';
import type { WechatCtx } from '../context.ts';
import { WorldError } from '../world/store.ts';


/** CRUD of accounts, apps and personas, and the ids each persona has. */
export function worldRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const w = ctx.world;

  app.get('/world', (c) => c.json({ seed: w.seed, accounts: w.listAccounts(), apps: w.listApps(), personas: w.listPersonas() }));
  app.put('/world', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => (w.load(b), { loaded: true }));
  });

  app.get('/accounts', (c) => c.json({ accounts: w.listAccounts() }));
  app.post('/accounts', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createAccount(b), 201);
  });
  app.get('/accounts/:id', (c) => controlCall(c, () => w.getAccount(c.req.param('id')) ?? (() => { throw new WorldError(404, 'not_found', `no account ${c.req.param('id')}`); })()));
  app.patch('/accounts/:id', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.updateAccount(c.req.param('id'), b));
  });
  app.delete('/accounts/:id', (c) => controlCall(c, () => (w.deleteAccount(c.req.param('id')), { deleted: true })));

  app.get('/apps', (c) => c.json({ apps: w.listApps() }));
  app.post('/apps', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createApp(b), 201);
  });
  app.get('/apps/:appid', (c) => controlCall(c, () => w.getApp(c.req.param('appid')) ?? (() => { throw new WorldError(404, 'not_found', `no app ${c.req.param('appid')}`); })()));
  app.patch('/apps/:appid', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.updateApp(c.req.param('appid'), b));
  });
  app.delete('/apps/:appid', (c) => controlCall(c, () => (w.deleteApp(c.req.param('appid')), { deleted: true })));

  app.get('/personas', (c) => c.json({ personas: w.listPersonas().map((p) => ({ ...p, ids: w.identities(p) })) }));
  app.post('/personas', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createPersona(b), 201);
  });
  app.get('/personas/:id', (c) =>
    controlCall(c, () => {
      const p = w.getPersona(c.req.param('id'));
      if (!p) throw new WorldError(404, 'not_found', `no persona ${c.req.param('id')}`);
      return { ...p, ids: w.identities(p) };
    }),
  );
  app.patch('/personas/:id', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.updatePersona(c.req.param('id'), b));
  });
  app.delete('/personas/:id', (c) => controlCall(c, () => (w.deletePersona(c.req.param('id')), { deleted: true })));

  app.get('/billing', (c) => {
    const only = c.req.query('appid');
    const apps = w.listApps().filter((a) => a.type === 'miniprogram' && (!only || a.appid === only || a.key === only));
    return c.json({
      billing: apps.map((a) => {
        const b = ctx.grants.billingRow(a.appid);
        return {
          appid: a.appid, key: a.key, calls: b.calls, freeQuota: a.phoneFreeQuota, freeUsed: Math.min(b.calls, a.phoneFreeQuota),
          freeRemaining: Math.max(0, a.phoneFreeQuota - b.calls), chargedCalls: b.charged_calls, price: a.phonePrice,
          chargedAmount: Math.round(b.charged_amount * 100) / 100, buttonTaps: b.button_taps, callLimit: a.phoneCallLimit,
        };
      }),
    });
  });

  app.get('/options', (c) => c.json(ctx.options.get()));
  app.patch('/options', async (c) => {
    const b = await jsonObject(c);
    if (b instanceof Response) return b;
    const err = ctx.options.patch(b);
    return err ? controlError(c, 400, 'bad_option', err) : c.json(ctx.options.get());
  });

  return app;
}
