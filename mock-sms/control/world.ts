import { Hono, type Context } from 'hono';
import { controlCall, controlError, jsonObject } from '../../core/control.ts';
import type { SmsCtx } from '../context.ts';
import { normalisePhone } from '../phone.ts';
import { SmsWorldError } from '../world/store.ts';
import type { Provider, SmsConfig } from '../world/types.ts';


function providerParam(c: Context): Provider | undefined | Response {
  const p = c.req.query('provider');
  if (p === undefined || p === '') return undefined;
  if (p !== 'aliyun' && p !== 'tencent') return controlError(c, 400, 'bad_provider', 'provider must be "aliyun" or "tencent"');
  return p;
}

/** Keys, signatures, templates, options and flow counters: the console of both providers. */
export function worldRoutes(ctx: SmsCtx, reloadConfig: (config: SmsConfig) => void): Hono {
  const app = new Hono();
  const w = ctx.world;

  app.get('/config', (c) => c.json({ keys: w.listKeys(), signs: w.listSigns(), templates: w.listTemplates(), options: ctx.options.get() }));
  app.put('/config', async (c) => {
    const b = await jsonObject(c);
    if (b instanceof Response) return b;
    // loadConfig runs in one transaction: a bad document changes nothing.
    return controlCall(c, () => (reloadConfig(b as SmsConfig), { loaded: true }));
  });

  app.get('/keys', (c) => {
    const p = providerParam(c);
    return p instanceof Response ? p : c.json({ keys: w.listKeys(p) });
  });
  app.post('/keys', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createKey(b), 201);
  });
  app.get('/keys/:id', (c) => controlCall(c, () => w.getKey(c.req.param('id')) ?? (() => { throw new SmsWorldError(404, 'not_found', `no key ${c.req.param('id')}`); })()));
  app.patch('/keys/:id', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.updateKey(c.req.param('id'), b));
  });
  app.delete('/keys/:id', (c) => controlCall(c, () => (w.deleteKey(c.req.param('id')), { deleted: true })));

  app.get('/signs', (c) => {
    const p = providerParam(c);
    return p instanceof Response ? p : c.json({ signs: w.listSigns(p) });
  });
  app.post('/signs', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createSign(b), 201);
  });
  app.patch('/signs/:name', async (c) => {
    const p = providerParam(c);
    if (p instanceof Response) return p;
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => ({ signs: w.updateSigns(c.req.param('name'), b, p) }));
  });
  app.delete('/signs/:name', (c) => {
    const p = providerParam(c);
    return p instanceof Response ? p : controlCall(c, () => ({ deleted: w.deleteSigns(c.req.param('name'), p) }));
  });

  app.get('/templates', (c) => {
    const p = providerParam(c);
    return p instanceof Response ? p : c.json({ templates: w.listTemplates(p) });
  });
  app.post('/templates', async (c) => {
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => w.createTemplate(b), 201);
  });
  app.get('/templates/:id', (c) => {
    const p = providerParam(c);
    if (p instanceof Response) return p;
    const found = w.listTemplates(p).filter((t) => t.id === c.req.param('id'));
    return found.length ? c.json({ templates: found }) : controlError(c, 404, 'not_found', `no template ${c.req.param('id')}`);
  });
  app.patch('/templates/:id', async (c) => {
    const p = providerParam(c);
    if (p instanceof Response) return p;
    const b = await jsonObject(c);
    return b instanceof Response ? b : controlCall(c, () => ({ templates: w.updateTemplates(c.req.param('id'), b, p) }));
  });
  app.delete('/templates/:id', (c) => {
    const p = providerParam(c);
    return p instanceof Response ? p : controlCall(c, () => ({ deleted: w.deleteTemplates(c.req.param('id'), p) }));
  });

  app.get('/options', (c) => c.json(ctx.options.get()));
  app.patch('/options', async (c) => {
    const b = await jsonObject(c);
    if (b instanceof Response) return b;
    const err = ctx.options.patch(b);
    return err ? controlError(c, 400, 'bad_option', err) : c.json(ctx.options.get());
  });

  // Flow-control counters live apart from the inbox: clearing messages does not lift a limit.
  app.delete('/flow', (c) => {
    const raw = c.req.query('phone');
    const phone = raw ? normalisePhone(raw) : undefined;
    if (raw && !phone) return controlError(c, 400, 'bad_phone', `${raw} is not a phone number`);
    return c.json({ deleted: ctx.flow.clear(phone) });
  });

  return app;
}
