import type { ClientScript } from '../../core/client-scripts.ts';

/** The qrconnect page's script (mock-wechat/client/, docs/architecture.md "Browser code"), served by app.ts. */
export const QR_PAGE_SCRIPT = { path: '/assets/qr-page.js', source: 'mock-wechat/client/qr-page.ts' } satisfies ClientScript;

/** wxLogin.js, served at WeChat's own path by connect/routes.ts with the mock's URL after it. */
export const WX_LOGIN_SOURCE = 'mock-wechat/client/wx-login.ts';

/** The authorize page's dev-panel script ("continue in this browser"), served by app.ts. */
export const AUTHORIZE_PAGE_SCRIPT = { path: '/assets/authorize-page.js', source: 'mock-wechat/client/authorize-page.ts' } satisfies ClientScript;

/** jweixin-1.x.js, served at res.wx.qq.com's path by jssdk/routes.ts with a line before it naming the mock. */
export const JWEIXIN_SOURCE = 'mock-wechat/client/jweixin.ts';
