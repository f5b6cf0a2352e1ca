import { expectOk, HttpClient } from '../http.ts';
import type { TargetAdapter, TargetApps } from './adapter.ts';
import { FastbeeApi } from './fastbee-api.ts';
import { fastbeePages } from './fastbee-pages.ts';
import { referencePages } from './reference-pages.ts';

/** The default mock world's apps, which the reference login system is seeded with. */
export const DEFAULT_TARGET_APPS: TargetApps = { web: 'web', webBind: 'web-bind', mobile: 'mobile', mini: 'mini' };

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
 * A running FastBee: its Vue frontend at `frontendUrl` and its API at `apiUrl` (normally
 * <frontend>/prod-api). Its platform rows must use the mock world's appids (WXMOCK_APP_* to change).
 */
export function fastbeeTarget(opts: { frontendUrl: string; apiUrl: string; apps?: Partial<TargetApps>; admin?: { username: string; password: string } }): TargetAdapter {
  const env = process.env;
  return {
    name: 'fastbee',
    api: new FastbeeApi(opts.apiUrl),
    loginPageUrl: `${opts.frontendUrl}/login`,
    apps: { web: env.WXMOCK_APP_WEB ?? 'web', webBind: env.WXMOCK_APP_WEB_BIND ?? 'web-bind', mobile: env.WXMOCK_APP_MOBILE ?? 'mobile', mini: env.WXMOCK_APP_MINI ?? 'mini', ...opts.apps },
    admin: opts.admin ?? { username: env.WXMOCK_ADMIN_USER ?? 'admin', password: env.WXMOCK_ADMIN_PASSWORD ?? 'admin123' },
    pages: fastbeePages(opts.frontendUrl),
  };
}
