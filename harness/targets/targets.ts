import { HttpClient } from '../../core/http-client.ts';
import { expectOk } from '../http.ts';
import type { TargetAdapter, TargetApps } from './adapter.ts';
import { FastbeeApi } from './fastbee-api.ts';
import { fastbeePages } from './fastbee-pages.ts';
import { referencePages } from './reference-pages.ts';

/** The default mock world's apps, which the reference login system is seeded with. */
const DEFAULT_TARGET_APPS: TargetApps = { web: 'web', webBind: 'web-bind', mobile: 'mobile', mini: 'mini' };

export function referenceTarget(url: string): TargetAdapter {
  const control = new HttpClient(url);
  return {
    name: 'reference',
    api: new FastbeeApi(url),
    loginPageUrl: `${url}/login`,
    apps: DEFAULT_TARGET_APPS,
    admin: { username: 'admin', password: 'admin123' },
    pages: referencePages(url),
    async advanceClock(seconds) {
      expectOk(await control.post('/__mock/clock', { advanceSeconds: seconds }), 'advance the reference login clock');
    },
  };
}

/**
 * FastBee's web UI: the Vue frontend at `frontendUrl` and its API at `apiUrl` (normally
 * <frontend>/prod-api), in front of a real FastBee backend or of reference-login (`wxmock start
 * --fastbee-ui`). Its platform rows must use the mock world's appids (WXMOCK_APP_* to change).
 * `wechatUrl` lets the user centre's bind QR, which FastBee loads from res.wx.qq.com, come from
 * mock-wechat. Behind reference-login, its control API (through /prod-api/__mock/) moves the clock
 * and reads the image captcha; a real FastBee backend has neither.
 */
export function fastbeeTarget(opts: {
  frontendUrl: string;
  apiUrl: string;
  wechatUrl?: string;
  controlToken?: string;
  apps?: Partial<TargetApps>;
  admin?: { username: string; password: string };
}): TargetAdapter {
  const env = process.env;
  const control = new HttpClient(opts.apiUrl, { headers: opts.controlToken ? { 'x-wxmock-token': opts.controlToken } : {} });
  return {
    name: 'fastbee',
    api: new FastbeeApi(opts.apiUrl),
    loginPageUrl: `${opts.frontendUrl}/login`,
    apps: {
      web: env.WXMOCK_APP_WEB ?? 'web',
      webBind: env.WXMOCK_APP_WEB_BIND ?? 'web-bind',
      mobile: env.WXMOCK_APP_MOBILE ?? 'mobile',
      mini: env.WXMOCK_APP_MINI ?? 'mini',
      ...opts.apps,
    },
    admin: opts.admin ?? { username: env.WXMOCK_ADMIN_USER ?? 'admin', password: env.WXMOCK_ADMIN_PASSWORD ?? 'admin123' },
    pages: fastbeePages(opts.frontendUrl, {
      apiUrl: opts.apiUrl,
      wechatUrl: opts.wechatUrl,
      async captchaAnswer(uuid) {
        const r = await control.get<{ answer?: string }>(`/__mock/captcha/${encodeURIComponent(uuid)}`);
        if (r.status !== 200 || !r.body?.answer)
          throw new Error(
            'FastBee shows an image captcha and its backend has no captcha control API (only reference-login has): switch sys.account.captchaEnabled off',
          );
        return r.body.answer;
      },
    }),
    async advanceClock(seconds) {
      // A real FastBee backend has no clock to move (404): its codes keep their own time, as before.
      const r = await control.post('/__mock/clock', { advanceSeconds: seconds });
      if (r.status !== 404) expectOk(r, "advance the clock of the login system behind FastBee's UI");
    },
  };
}
