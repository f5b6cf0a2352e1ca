import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db.ts';
import { getSetting } from '../core/db.ts';
import type { Captcha } from './captcha.ts';
import type { Kv } from './kv.ts';
import type { Notify } from './notify.ts';
import type { Platforms } from './platforms.ts';
import type { RedirectPolicy } from './redirects.ts';
import type { Sessions } from './session.ts';
import type { SmsClient } from './sms-client.ts';
import type { SocialUsers } from './social-users.ts';
import type { Users } from './users.ts';
import type { WechatClient } from './wechat-client.ts';

/** What every reference-login router needs; one per instance. */
export interface LoginCtx {
  db: Db;
  clock: Clock;
  kv: Kv;
  users: Users;
  platforms: Platforms;
  socialUsers: SocialUsers;
  notify: Notify;
  sessions: Sessions;
  captcha: Captcha;
  wechat: WechatClient;
  sms: SmsClient;
  redirects: RedirectPolicy;
  /** sys_config switches, read per request so the control API can flip them */
  config: LoginConfig;
}

/** sys_config keys FastBee reads, kept in the settings table. */
export class LoginConfig {
  constructor(private readonly db: Db) {}

  get captchaEnabled(): boolean {
    return getSetting(this.db, 'sys.account.captchaEnabled') === 'true';
  }

  get registerUser(): boolean {
    return getSetting(this.db, 'sys.account.registerUser') !== 'false';
  }

  /** Seconds before the same phone may ask for another SMS login code (ours; FastBee has no limit). */
  get smsResendSeconds(): number {
    const v = Number(getSetting(this.db, 'sms.resendSeconds') ?? 60);
    return Number.isFinite(v) && v >= 0 ? v : 60;
  }
}
