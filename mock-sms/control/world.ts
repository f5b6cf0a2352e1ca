import { Hono, type Context } from 'hono';
import { found, jsonObject } from '../../core/control.ts';
import { ControlError } from '../../core/control-errors.ts';
import type { SmsCtx } from '../context.ts';
import { normalisePhone } from '../phone.ts';
import type { Provider, SmsConfig } from '../world/types.ts';

function providerParam(c: Context): Provider | undefined {
  const p = c.req.query('provider');
  if (p === undefined || p === '') return undefined;
  if (p !== 'aliyun' && p !== 'tencent') throw new ControlError('bad_provider', 'provider must be "aliyun" or "tencent"');
  return p;
}

/** Keys, signatures, templates, options and flow counters: the console of both providers. */
export function worldRoutes(ctx: SmsCtx, reloadConfig: (config: SmsConfig) => void): Hono {
  const app = new Hono();
  const w = ctx.world;

  app.get('/config', (c) => c.json({ keys: w.listKeys(), signs: w.listSigns(), templates: w.listTemplates(), options: ctx.options.get() }));
  app.put('/config', async (c) => {
    // loadConfig runs in one transaction: a bad document changes nothing.
    reloadConfig((await jsonObject(c)) as SmsConfig);
    return c.json({ loaded: true });
  });

  app.get('/keys', (c) => c.json({ keys: w.listKeys(providerParam(c)) }));
  app.post('/keys', async (c) => c.json(w.createKey(await jsonObject(c)), 201));
  app.get('/keys/:id', (c) => c.json(found(w.getKey(c.req.param('id')), `no key ${c.req.param('id')}`)));
  app.patch('/keys/:id', async (c) => c.json(w.updateKey(c.req.param('id'), await jsonObject(c))));
  app.delete('/keys/:id', (c) => {
    w.deleteKey(c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/signs', (c) => c.json({ signs: w.listSigns(providerParam(c)) }));
  app.post('/signs', async (c) => c.json(w.createSign(await jsonObject(c)), 201));
  app.patch('/signs/:name', async (c) => {
    const p = providerParam(c);
    return c.json({ signs: w.updateSigns(c.req.param('name'), await jsonObject(c), p) });
  });
  app.delete('/signs/:name', (c) => c.json({ deleted: w.deleteSigns(c.req.param('name'), providerParam(c)) }));

  app.get('/templates', (c) => c.json({ templates: w.listTemplates(providerParam(c)) }));
  app.post('/templates', async (c) => c.json(w.createTemplate(await jsonObject(c)), 201));
  app.get('/templates/:id', (c) => {
    const matching = w.listTemplates(providerParam(c)).filter((t) => t.id === c.req.param('id'));
    if (!matching.length) throw new ControlError('not_found', `no template ${c.req.param('id')}`);
    return c.json({ templates: matching });
  });
  app.patch('/templates/:id', async (c) => {
    const p = providerParam(c);
    return c.json({ templates: w.updateTemplates(c.req.param('id'), await jsonObject(c), p) });
  });
  app.delete('/templates/:id', (c) => c.json({ deleted: w.deleteTemplates(c.req.param('id'), providerParam(c)) }));

  app.get('/options', (c) => c.json(ctx.options.get()));
  app.patch('/options', async (c) => {
    const err = ctx.options.patch(await jsonObject(c));
    if (err) throw new ControlError('bad_option', err);
    return c.json(ctx.options.get());
  });

  // Flow-control counters live apart from the inbox: clearing messages does not lift a limit.
  app.delete('/flow', (c) => {
    const raw = c.req.query('phone');
    const phone = raw ? normalisePhone(raw) : undefined;
    if (raw && !phone) throw new ControlError('bad_phone', `${raw} is not a phone number`);
    return c.json({ deleted: ctx.flow.clear(phone) });
  });

  return app;
}
