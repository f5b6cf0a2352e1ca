import { getSetting, putSetting, stmt, write, type Db } from '../core/db.ts';
import type { Platforms, PlatformInput } from './platforms.ts';

/** The platform rows whose URIs send a browser somewhere: web QR login and the user centre's bind. */
const WEB_PLATFORMS = ['wechat_open_web', 'wechat_open_web_bind'] as const;
type Uris = Required<Pick<PlatformInput, 'redirectUri' | 'bindUri' | 'redirectLoginUri' | 'errorMsgUri'>>;
type RowUris = Partial<Record<(typeof WEB_PLATFORMS)[number], Uris>>;

/** What the rows held before a FastBee UI start changed them, and what that start wrote. */
const SAVED = 'fastbee_ui.saved_uris';
const WRITTEN = 'fastbee_ui.written_uris';

/**
 * The URIs of FastBee's own deployment (its sys_auth_platform rows): WeChat comes back to the UI's
 * origin, /prod-api/ forwards the callbacks to the backend, and the UI's /login and /user/profile
 * routes read the ids.
 */
function fastbeeUiUris(uiUrl: string): Record<(typeof WEB_PLATFORMS)[number], Uris> {
  const o = new URL(uiUrl).origin;
  return {
    wechat_open_web: {
      redirectUri: `${o}/prod-api/auth/callback/wechat_open_web`,
      bindUri: `${o}/login?bindId=`,
      redirectLoginUri: `${o}/login?loginId=`,
      errorMsgUri: `${o}/login?errorId=`,
    },
    wechat_open_web_bind: {
      redirectUri: `${o}/prod-api/wechat/wxBind/callback?wxBindId=`,
      bindUri: `${o}/login?bindId=`,
      redirectLoginUri: `${o}/user/profile?wxBindMsgId=`,
      errorMsgUri: `${o}/login?errorId=`,
    },
  };
}

function current(platforms: Platforms): RowUris {
  const out: RowUris = {};
  for (const name of WEB_PLATFORMS) {
    const p = platforms.get(name);
    if (p) out[name] = { redirectUri: p.redirectUri, bindUri: p.bindUri, redirectLoginUri: p.redirectLoginUri, errorMsgUri: p.errorMsgUri };
  }
  return out;
}

function writeUris(platforms: Platforms, uris: RowUris, now: number): void {
  for (const name of WEB_PLATFORMS) {
    const p = platforms.get(name);
    if (p && uris[name]) platforms.update(p.socialPlatformId, uris[name]!, 'wxmock', now);
  }
}

const read = (db: Db, key: string): RowUris | undefined => {
  const v = getSetting(db, key);
  return v ? (JSON.parse(v) as RowUris) : undefined;
};

/**
 * With a FastBee UI in front (`uiUrl`), points the WeChat web rows at it, keeping what they held
 * before; without one, puts that back, unless someone changed the rows since (then they stay).
 */
export function pointWebPlatformsAt(db: Db, platforms: Platforms, uiUrl: string | undefined, now: number): void {
  const written = read(db, WRITTEN);
  const rows = current(platforms);
  const untouched = written !== undefined && JSON.stringify(rows) === JSON.stringify(written);
  write(db, ['iot_social_platform', 'settings'], () => {
    if (uiUrl) {
      const want = fastbeeUiUris(uiUrl);
      if (!untouched) putSetting(db, SAVED, JSON.stringify(rows));
      writeUris(platforms, want, now);
      putSetting(db, WRITTEN, JSON.stringify(want));
    } else if (written) {
      if (untouched) writeUris(platforms, read(db, SAVED) ?? {}, now);
      stmt(db, 'DELETE FROM settings WHERE key IN (?, ?)').run(SAVED, WRITTEN);
    }
  });
}
