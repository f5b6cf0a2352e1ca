import { Hono } from 'hono';
import { found, jsonObject } from '../../core/control.ts';
import { ControlError } from '../../core/control-errors.ts';
import type { WechatCtx } from '../context.ts';

/** CRUD of accounts, apps and personas, and the ids each persona has. */
export function worldRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const w = ctx.world;

  app.get('/world', (c) => c.json({ seed: w.seed, accounts: w.listAccounts(), apps: w.listApps(), personas: w.listPersonas() }));
  app.put('/world', async (c) => {
    w.load(await jsonObject(c));
    return c.json({ loaded: true });
  });

  app.get('/accounts', (c) => c.json({ accounts: w.listAccounts() }));
  app.post('/accounts', async (c) => c.json(w.createAccount(await jsonObject(c)), 201));
  app.get('/accounts/:id', (c) => c.json(found(w.getAccount(c.req.param('id')), `no account ${c.req.param('id')}`)));
  app.patch('/accounts/:id', async (c) => c.json(w.updateAccount(c.req.param('id'), await jsonObject(c))));
  app.delete('/accounts/:id', (c) => {
    w.deleteAccount(c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/apps', (c) => c.json({ apps: w.listApps() }));
  app.post('/apps', async (c) => c.json(w.createApp(await jsonObject(c)), 201));
  app.get('/apps/:appid', (c) => c.json(found(w.getApp(c.req.param('appid')), `no app ${c.req.param('appid')}`)));
  app.patch('/apps/:appid', async (c) => c.json(w.updateApp(c.req.param('appid'), await jsonObject(c))));
  app.delete('/apps/:appid', (c) => {
    w.deleteApp(c.req.param('appid'));
    return c.json({ deleted: true });
  });

  app.get('/personas', (c) => c.json({ personas: w.listPersonas().map((p) => ({ ...p, ids: w.identities(p) })) }));
  app.post('/personas', async (c) => c.json(w.createPersona(await jsonObject(c)), 201));
  app.get('/personas/:id', (c) => {
    const p = found(w.getPersona(c.req.param('id')), `no persona ${c.req.param('id')}`);
    return c.json({ ...p, ids: w.identities(p) });
  });
  app.patch('/personas/:id', async (c) => c.json(w.updatePersona(c.req.param('id'), await jsonObject(c))));
  app.delete('/personas/:id', (c) => {
    w.deletePersona(c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/billing', (c) => {
    const only = c.req.query('appid');
    const apps = w.listApps().filter((a) => a.type === 'miniprogram' && (!only || a.appid === only || a.key === only));
    return c.json({
      billing: apps.map((a) => {
        const b = ctx.grants.billingRow(a.appid);
        return {
          appid: a.appid,
          key: a.key,
          calls: b.calls,
          freeQuota: a.phoneFreeQuota,
          freeUsed: Math.min(b.calls, a.phoneFreeQuota),
          freeRemaining: Math.max(0, a.phoneFreeQuota - b.calls),
          chargedCalls: b.charged_calls,
          price: a.phonePrice,
          chargedAmount: Math.round(b.charged_amount * 100) / 100,
          buttonTaps: b.button_taps,
          callLimit: a.phoneCallLimit,
        };
      }),
    });
  });

  app.get('/options', (c) => c.json(ctx.options.get()));
  app.patch('/options', async (c) => {
    const err = ctx.options.patch(await jsonObject(c));
    if (err) throw new ControlError('bad_option', err);
    return c.json(ctx.options.get());
  });

  return app;
}
