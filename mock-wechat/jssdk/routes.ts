import { Hono } from 'hono';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { bundledScript, etagOf, scriptAnswer } from '../../core/client-scripts.ts';
import { formFields } from '../connect/page-response.ts';
import { mockBase } from '../connect/urls.ts';
import { JWEIXIN_SOURCE } from '../connect/scripts.ts';
import { checkConfig } from './preverify.ts';

/** Where the served jweixin script sends wx.config: the check WeChat's client makes itself. */
export const PREVERIFY_PATH = '/jsapi/preverify';

const CORS = { 'Access-Control-Allow-Origin': '*' };

/**
 * The JS-SDK as an H5 page meets it (docs/mock-wechat.md#js-sdk): res.wx.qq.com/open/js/jweixin-1.x.y.js,
 * served at the same path here, and the wx.config check it calls.
 */
export function jssdkRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();

  app.get('/open/js/:file', async (c) => {
    if (!/^jweixin-1\.\d+\.\d+\.js$/.test(c.req.param('file'))) return c.body('Not Found', 404, { 'Content-Type': 'text/plain' });
    const { code } = await bundledScript(JWEIXIN_SOURCE);
    // The one line that varies: where this mock is, for a copy whose own src cannot be found.
    const boot = JSON.stringify({ fallbackOrigin: mockBase(ctx, c), verifyPath: PREVERIFY_PATH }).replace(/</g, '\\u003c');
    const js = `self.wxmockJweixin = ${boot};\n${code}`;
    return scriptAnswer(c, js, etagOf(js), { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'max-age=300', ...CORS });
  });

  // A form POST from any page's origin (a simple cross-origin request: no preflight), answered JSON.
  app.post(PREVERIFY_PATH, async (c) => {
    const f = await formFields(c);
    if (f.appId) tagJournal(c, { appid: f.appId });
    const verdict = checkConfig(ctx, {
      appId: f.appId ?? '',
      timestamp: f.timestamp ?? '',
      nonceStr: f.nonceStr ?? '',
      signature: f.signature ?? '',
      url: f.url ?? '',
    });
    return c.json(verdict, 200, CORS);
  });

  return app;
}
