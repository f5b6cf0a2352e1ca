import { write } from '../core/db.ts';
import { ServiceError } from './ajax.ts';
import type { LoginCtx } from './context.ts';
import { MSG } from './messages.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { SysUser } from './users.ts';

/** user.password.maxRetryCount / lockTime. */
const MAX_RETRY = 5;
const LOCK_MINUTES = 10;

const errKey = (userName: string) => `pwd_err_cnt:${userName}`;
export const PHONE_RE = /^1[3-9]\d{9}$/;

/** Account rules shared by every login path: SysLoginService, SysPasswordService and ToolServiceImpl. */
export class Accounts {
  constructor(private readonly ctx: LoginCtx) {}

  /** Rejects deleted and disabled accounts (RuoYi's checks before any session is made). */
  assertUsable(user: SysUser): void {
    if (user.delFlag === '2') throw new ServiceError(MSG.userDeleted(user.userName));
    if (user.status === '1') throw new ServiceError(MSG.userBlocked(user.userName));
  }

  /** redirectLogin: a session for an account whose identity another factor (WeChat, SMS) proved. */
  loginAs(user: SysUser, ip: string): string {
    this.assertUsable(user);
    this.ctx.users.touchLogin(user.userId, ip, this.ctx.clock.now());
    return this.ctx.sessions.create(user, ip);
  }

  /**
   * SysPasswordService.validate: the retry counter locks the name for 10 minutes after 5 misses.
   * RuoYi reads the counter, checks the hash, then writes the counter back; with the (slow) hash
   * between, concurrent guesses all read the same count and the lock never comes. Here each attempt
   * is counted before the hash, in the same step as the lock check, and a match clears the count.
   */
  async checkPassword(user: SysUser, password: string, wrongMsg: string = MSG.userPasswordNotMatch): Promise<void> {
    const key = errKey(user.userName);
    if (this.ctx.kv.countUpTo(key, MAX_RETRY, LOCK_MINUTES * 60) === undefined) throw new ServiceError(MSG.retryLimitExceed(MAX_RETRY, LOCK_MINUTES));
    if (!(await verifyPassword(password, user.password))) throw new ServiceError(wrongMsg);
    this.ctx.kv.del(key);
  }

  /** Image captcha, only when sys.account.captchaEnabled is on. */
  checkCaptcha(code: string, uuid: string): void {
    if (this.ctx.config.captchaEnabled) this.ctx.captcha.check(code, uuid);
  }

  /** POST /login: captcha, pre-checks, account state, password; → JWT. */
  async passwordLogin(body: { username: string; password: string; code: string; uuid: string }, ip: string): Promise<string> {
    this.checkCaptcha(body.code, body.uuid);
    const { username, password } = body;
    if (!username || !password) throw new ServiceError(MSG.userPasswordNotMatch);
    if (username.length < 2 || username.length > 20 || password.length < 5 || password.length > 20) throw new ServiceError(MSG.userPasswordNotMatch);
    const user = this.ctx.users.byNameAny(username);
    if (!user) throw new ServiceError(MSG.userPasswordNotMatch);
    this.assertUsable(user);
    await this.checkPassword(user, password);
    return this.loginAs(user, ip);
  }

  /**
   * ToolServiceImpl.register: captcha, lengths, unique name and phone; nick_name = user name.
   * `andThen` runs in the unit of work that inserts the account (bind-and-register spends its
   * bindId there), so when it throws no account is left behind.
   */
  async register(
    body: { username: string; password: string; phonenumber: string; code: string; uuid: string },
    andThen?: (user: SysUser) => void,
  ): Promise<SysUser> {
    const { username, password, phonenumber } = body;
    this.checkCaptcha(body.code, body.uuid);
    if (!username) throw new ServiceError(MSG.usernameBlank);
    if (!password) throw new ServiceError(MSG.passwordBlank);
    if (username.length < 2 || username.length > 20) throw new ServiceError(MSG.usernameLength);
    if (password.length < 5 || password.length > 20) throw new ServiceError(MSG.passwordLength);
    if (phonenumber && !PHONE_RE.test(phonenumber)) throw new ServiceError(MSG.phoneInvalid);
    if (this.ctx.users.byNameAny(username)) throw new ServiceError(MSG.usernameTaken(username));
    if (phonenumber && this.ctx.users.byPhone(phonenumber)) throw new ServiceError(MSG.phoneTaken(username));
    const passwordHash = await hashPassword(password);
    // Checked again after the (slow) hash, with the insert in one step: another request may have taken the name or phone meanwhile.
    return write(this.ctx.db, ['sys_user'], () => {
      if (this.ctx.users.byNameAny(username)) throw new ServiceError(MSG.usernameTaken(username));
      if (phonenumber && this.ctx.users.byPhone(phonenumber)) throw new ServiceError(MSG.phoneTaken(username));
      const user = this.ctx.users.insert({ userName: username, nickName: username, phonenumber, passwordHash }, this.ctx.clock.now());
      andThen?.(user);
      return user;
    });
  }

  /** registerNoCaptcha for phone logins: user name = password = phone, as FastBee does. */
  async autoRegister(phone: string): Promise<SysUser> {
    if (this.ctx.users.byNameAny(phone)) throw new ServiceError(MSG.usernameTaken(phone));
    const passwordHash = await hashPassword(phone);
    // After the hash: a concurrent login of the same phone may have created the account meanwhile.
    const existing = this.ctx.users.byPhone(phone);
    if (existing) return existing;
    if (this.ctx.users.byNameAny(phone)) throw new ServiceError(MSG.usernameTaken(phone));
    return this.ctx.users.insert({ userName: phone, nickName: phone, phonenumber: phone, passwordHash }, this.ctx.clock.now());
  }
}
