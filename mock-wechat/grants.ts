import { stmt, write, type Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import { ReadCache } from '../core/read-cache.ts';
import type { Options } from './options.ts';
import type { App } from './world/types.ts';
import { newAccessToken, newAuthCode, newPhoneCode, newRefreshToken, newSessionKey } from './ids.ts';

/** sns = web/mobile/official authorization code, js = wx.login code, phone = getPhoneNumber code */
export type CodeKind = 'sns' | 'js' | 'phone';

export interface CodeRow {
  code: string;
  kind: CodeKind;
  appid: string;
  persona: string;
  scope: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
export interface SnsTokenRow {
  access_token: string;
  refresh_token: string;
  appid: string;
  persona: string;
  scope: string;
  expires_at: number;
  refresh_expires_at: number;
}
export interface AppTokenRow {
  access_token: string;
  appid: string;
  kind: 'token' | 'stable';
  created_at: number;
  expires_at: number;
  forced: number;
}

export type Redeemed = { ok: true; row: CodeRow } | { ok: false; errcode: number };

/** Everything WeChat hands out and later checks: codes, user tokens, session keys, app tokens, billing. */
export class Grants {
  /** User tokens as last read: /sns/userinfo and /sns/auth look one up per call. */
  private readonly snsTokens: ReadCache;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: Options,
  ) {
    this.snsTokens = new ReadCache(db, ['sns_tokens']);
  }

  private ttlMs(kind: CodeKind): number {
    const o = this.options.get();
    return 1000 * (kind === 'sns' ? o.webCodeTtlSeconds : kind === 'js' ? o.jsCodeTtlSeconds : o.phoneCodeTtlSeconds);
  }

  /** `ttlMs` overrides the kind's lifetime (the Official Account's authorize codes live 5 minutes). */
  issueCode(kind: CodeKind, appid: string, persona: string, scope = '', ttlMs = this.ttlMs(kind)): string {
    const code = kind === 'phone' ? newPhoneCode() : newAuthCode();
    const now = this.clock.now();
    write(
      this.db,
      ['codes'],
      'INSERT INTO codes(code, kind, appid, persona, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      code,
      kind,
      appid,
      persona,
      scope,
      now,
      now + ttlMs,
    );
    return code;
  }

  /** Looks a code up without using it (to match faults by persona). */
  peekCode(code: string): CodeRow | undefined {
    return stmt(this.db, 'SELECT * FROM codes WHERE code = ?').get(code) as CodeRow | undefined;
  }

  /**
   * Uses a code once. A code of another kind or appid is "invalid"; the UPDATE's
   * used_at IS NULL guard makes two concurrent redemptions yield exactly one winner, so a row
   * peeked earlier (to match faults) may be passed in: the guard still decides.
   */
  redeemCode(kind: CodeKind, appid: string, code: string, row = this.peekCode(code)): Redeemed {
    if (!row || row.kind !== kind || row.appid !== appid) return { ok: false, errcode: 40029 };
    if (row.used_at !== null) return { ok: false, errcode: 40163 };
    const now = this.clock.now();
    if (now >= row.expires_at) return { ok: false, errcode: this.options.get().expiredCodeErrcode };
    const won = write(this.db, ['codes'], 'UPDATE codes SET used_at = ? WHERE code = ? AND used_at IS NULL', now, code).changes === 1;
    return won ? { ok: true, row: { ...row, used_at: now } } : { ok: false, errcode: 40163 };
  }

  // ---- user (sns) tokens

  issueSnsToken(appid: string, persona: string, scope: string): SnsTokenRow {
    const o = this.options.get();
    const now = this.clock.now();
    const row: SnsTokenRow = {
      access_token: newAccessToken('sns'),
      refresh_token: newRefreshToken(),
      appid,
      persona,
      scope,
      expires_at: now + o.snsTokenTtlSeconds * 1000,
      refresh_expires_at: now + o.refreshTokenTtlDays * 86_400_000,
    };
    write(
      this.db,
      ['sns_tokens'],
      'INSERT INTO sns_tokens VALUES (@access_token, @refresh_token, @appid, @persona, @scope, @expires_at, @refresh_expires_at)',
      row,
    );
    return row;
  }

  snsToken(accessToken: string): SnsTokenRow | undefined {
    return this.snsTokens.get(accessToken, () => stmt(this.db, 'SELECT * FROM sns_tokens WHERE access_token = ?').get(accessToken) as SnsTokenRow | undefined);
  }

  /**
   * Refresh per the docs: an expired access_token is replaced, a live one is returned again with
   * its expiry pushed out; the refresh_token itself is never renewed.
   */
  refreshSnsToken(appid: string, refreshToken: string): { ok: true; row: SnsTokenRow } | { ok: false; errcode: number } {
    const row = stmt(this.db, 'SELECT * FROM sns_tokens WHERE refresh_token = ?').get(refreshToken) as SnsTokenRow | undefined;
    if (!row || row.appid !== appid) return { ok: false, errcode: 40030 };
    const now = this.clock.now();
    if (now >= row.refresh_expires_at) return { ok: false, errcode: 42002 };
    const expires = now + this.options.get().snsTokenTtlSeconds * 1000;
    if (now >= row.expires_at) {
      const fresh = { ...row, access_token: newAccessToken('sns'), expires_at: expires };
      write(
        this.db,
        ['sns_tokens'],
        'UPDATE sns_tokens SET access_token = ?, expires_at = ? WHERE access_token = ?',
        fresh.access_token,
        expires,
        row.access_token,
      );
      return { ok: true, row: fresh };
    }
    write(this.db, ['sns_tokens'], 'UPDATE sns_tokens SET expires_at = ? WHERE access_token = ?', expires, row.access_token);
    return { ok: true, row: { ...row, expires_at: expires } };
  }

  // ---- mini program sessions

  /** A new session_key replaces the persona's previous one in that app (one valid at a time). */
  newSession(appid: string, persona: string): string {
    const key = newSessionKey();
    write(
      this.db,
      ['session_keys'],
      'INSERT INTO session_keys VALUES (?, ?, ?, ?) ON CONFLICT(appid, persona) DO UPDATE SET session_key = excluded.session_key, created_at = excluded.created_at',
      appid,
      persona,
      key,
      this.clock.now(),
    );
    return key;
  }

  sessionKey(appid: string, persona: string): string | undefined {
    return (stmt(this.db, 'SELECT session_key FROM session_keys WHERE appid = ? AND persona = ?').get(appid, persona) as { session_key: string } | undefined)
      ?.session_key;
  }

  resetSession(appid: string, persona: string): string {
    const key = newSessionKey();
    write(this.db, ['session_keys'], 'UPDATE session_keys SET session_key = ? WHERE appid = ? AND persona = ?', key, appid, persona);
    return key;
  }

  // ---- app (cgi-bin) tokens

  /** /cgi-bin/token: a new token each call; earlier ones keep working for 5 more minutes at most. */
  issueAppToken(appid: string): AppTokenRow {
    const now = this.clock.now();
    return write(this.db, ['app_tokens'], () => {
      stmt(this.db, "UPDATE app_tokens SET expires_at = MIN(expires_at, ?) WHERE appid = ? AND kind = 'token'").run(now + 300_000, appid);
      return this.insertAppToken(appid, 'token', now, 0);
    });
  }

  private insertAppToken(appid: string, kind: 'token' | 'stable', now: number, forced: number): AppTokenRow {
    const row: AppTokenRow = {
      access_token: newAccessToken('app'),
      appid,
      kind,
      created_at: now,
      expires_at: now + this.options.get().appTokenTtlSeconds * 1000,
      forced,
    };
    write(this.db, ['app_tokens'], 'INSERT INTO app_tokens VALUES (@access_token, @appid, @kind, @created_at, @expires_at, @forced)', row);
    return row;
  }

  /**
   * /cgi-bin/stable_token: the same token while it has more than 5 minutes left; in its last 5
   * minutes a new one, the old still valid. force_refresh invalidates the old one, at most
   * 20 times a day and 30 s apart (a refused force returns the current token unchanged).
   */
  stableToken(appid: string, force: boolean): { ok: true; row: AppTokenRow } | { ok: false; errcode: number } {
    const now = this.clock.now();
    const current = stmt(this.db, "SELECT * FROM app_tokens WHERE appid = ? AND kind = 'stable' AND expires_at > ? ORDER BY created_at DESC LIMIT 1").get(
      appid,
      now,
    ) as AppTokenRow | undefined;
    if (force) {
      const forcedToday = (
        stmt(this.db, "SELECT COUNT(*) AS n FROM app_tokens WHERE appid = ? AND kind = 'stable' AND forced = 1 AND created_at > ?").get(
          appid,
          now - 86_400_000,
        ) as { n: number }
      ).n;
      if (forcedToday >= 20) return { ok: false, errcode: 45009 };
      // The 30 s spacing is between forced refreshes; a plain fetch just before does not count.
      const lastForced = stmt(this.db, "SELECT MAX(created_at) AS at FROM app_tokens WHERE appid = ? AND kind = 'stable' AND forced = 1").get(appid) as {
        at: number | null;
      };
      if (!current || lastForced.at === null || now - lastForced.at >= 30_000) {
        return write(this.db, ['app_tokens'], () => {
          stmt(this.db, "UPDATE app_tokens SET expires_at = ? WHERE appid = ? AND kind = 'stable' AND expires_at > ?").run(now, appid, now);
          return { ok: true, row: this.insertAppToken(appid, 'stable', now, 1) } as const;
        });
      }
      return { ok: true, row: current };
    }
    if (current && current.expires_at - now > 300_000) return { ok: true, row: current };
    return { ok: true, row: this.insertAppToken(appid, 'stable', now, 0) };
  }

  appToken(accessToken: string): AppTokenRow | undefined {
    return stmt(this.db, 'SELECT * FROM app_tokens WHERE access_token = ?').get(accessToken) as AppTokenRow | undefined;
  }

  /**
   * How a business API sees an app token: live; "superseded" once it has run out with a newer
   * token of its kind issued since (WeChat's 40001 "...invalid or not latest"); else "expired" (42001).
   */
  appTokenState(accessToken: string): { row: AppTokenRow; state: 'live' | 'expired' | 'superseded' } | undefined {
    const row = stmt(this.db, 'SELECT rowid AS seq, * FROM app_tokens WHERE access_token = ?').get(accessToken) as (AppTokenRow & { seq: number }) | undefined;
    if (!row) return undefined;
    const { seq, ...token } = row;
    if (this.clock.now() < row.expires_at) return { row: token, state: 'live' };
    const newer = stmt(this.db, 'SELECT 1 FROM app_tokens WHERE appid = ? AND kind = ? AND rowid > ? LIMIT 1').get(row.appid, row.kind, seq);
    return { row: token, state: newer ? 'superseded' : 'expired' };
  }

  // ---- phone-number billing

  /** The getPhoneNumber button: false when the app's call limit is used up (client errno 1400001). */
  tapPhoneButton(app: App): boolean {
    const b = this.billingRow(app.appid);
    if (app.phoneCallLimit !== null && b.button_taps >= app.phoneCallLimit) return false;
    write(
      this.db,
      ['billing'],
      'INSERT INTO billing(appid, button_taps) VALUES (?, 1) ON CONFLICT(appid) DO UPDATE SET button_taps = button_taps + 1',
      app.appid,
    );
    return true;
  }

  /** A successful getuserphonenumber: free while the trial quota lasts, then charged at the app's price. */
  chargePhoneCall(app: App): void {
    const b = this.billingRow(app.appid);
    const charged = b.calls >= app.phoneFreeQuota;
    write(
      this.db,
      ['billing'],
      'INSERT INTO billing(appid, calls, charged_calls, charged_amount) VALUES (?, 1, ?, ?) ON CONFLICT(appid) DO UPDATE SET calls = calls + 1, charged_calls = charged_calls + excluded.charged_calls, charged_amount = charged_amount + excluded.charged_amount',
      app.appid,
      charged ? 1 : 0,
      charged ? app.phonePrice : 0,
    );
  }

  billingRow(appid: string): { appid: string; calls: number; charged_calls: number; charged_amount: number; button_taps: number } {
    return (
      (stmt(this.db, 'SELECT * FROM billing WHERE appid = ?').get(appid) as never) ?? { appid, calls: 0, charged_calls: 0, charged_amount: 0, button_taps: 0 }
    );
  }

  /** Drops what can no longer be used, so a long-running sandbox stays small. */
  prune(): void {
    const now = this.clock.now();
    const dayAgo = now - 86_400_000;
    write(this.db, ['codes', 'sns_tokens', 'app_tokens'], () => {
      stmt(this.db, 'DELETE FROM codes WHERE expires_at < ?').run(dayAgo);
      stmt(this.db, 'DELETE FROM sns_tokens WHERE refresh_expires_at < ?').run(now);
      stmt(this.db, 'DELETE FROM app_tokens WHERE expires_at < ?').run(dayAgo);
    });
  }
}
