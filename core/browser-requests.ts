import type { MiddlewareHandler } from 'hono';
import { faviconPng } from './favicon.ts';

/**
 * Requests a browser makes on its own, which are nobody's API calls: the tab icon (/favicon.ico),
 * Safari's home-screen icons, robots.txt (for crawlers) and Chrome DevTools' project file. Every
 * wxmock service answers them the way a plain web server does, an icon or an empty 404, never
 * with an emulated API's error body, and keeps them out of its request journal (docs/architecture.md).
 */

const TOUCH_ICON = /^\/apple-touch-icon(-precomposed)?(-\d+x\d+)?\.png$/;
const DEVTOOLS = '/.well-known/appspecific/com.chrome.devtools.json';

function isBrowserOwnRequest(path: string): boolean {
  return path === '/favicon.ico' || path === '/robots.txt' || path === DEVTOOLS || TOUCH_ICON.test(path);
}

/** Colours of the tab icons, one per service, so the tabs of a sandbox tell apart. */
export const ICON_COLOURS = { wechat: '#07c160', sms: '#2f6fde', login: '#409eff', console: '#1f2329' } as const;

/** Answers the browser's own requests before anything else sees them (journal, auth, API routes). */
export function browserOwnRequests(iconColour: string): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !isBrowserOwnRequest(path)) return next();
    if (path === '/favicon.ico')
      return c.body(new Uint8Array(faviconPng(iconColour)), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400' });
    // A sandbox is nothing to index.
    if (path === '/robots.txt') return c.body('User-agent: *\nDisallow: /\n', 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    return c.body(null, 404);
  };
}
