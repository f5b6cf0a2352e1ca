import { randomInt } from 'node:crypto';
import { ServiceError } from './ajax.ts';
import type { LoginCtx } from './context.ts';
import { MSG } from './messages.ts';

/** login_sms_captcha_phone: 5 minutes (docs/wire/fastbee.md#key-lifetimes). */
const SMS_CODE_TTL_SECONDS = 300;
/** Wrong guesses a code survives; the next one kills it (FastBee has no limit). */
const SMS_MAX_ATTEMPTS = 5;

interface StoredCode {
  code: string;
  attempts: number;
}

const codeKey = (phone: string) => `login_sms_captcha_phone:${phone}`;
const cooldownKey = (phone: string) => `login_sms_captcha_cooldown:${phone}`;

/** SMS login codes: six digits, five minutes, single use, at most five wrong guesses, one send per cooldown. */
export class SmsCodes {
  constructor(private readonly ctx: LoginCtx) {}

  /**
   * Starts the resend cooldown, or refuses while one runs. Taken before the send (and given back by
   * sendFailed), in one step with the check: concurrent requests for one phone send one SMS.
   */
  claimSend(phone: string): void {
    const cooldown = this.ctx.config.smsResendSeconds;
    if (cooldown > 0 && !this.ctx.kv.add(cooldownKey(phone), 1, cooldown)) throw new ServiceError(MSG.smsTooFrequent);
  }

  /** A send that failed does not hold the cooldown: the user may ask again at once. */
  sendFailed(phone: string): void {
    this.ctx.kv.del(cooldownKey(phone));
  }

  /** VerifyCodeUtils.generateVerifyCode(6, "0123456789"), from a CSPRNG. */
  generate(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  /** Stores a code once it was sent (FastBee also sends first, then stores). */
  store(phone: string, code: string): void {
    this.ctx.kv.set(codeKey(phone), { code, attempts: 0 } satisfies StoredCode, SMS_CODE_TTL_SECONDS);
  }

  /**
   * Spends the code on a match; a miss counts, and the fifth miss deletes the code. Synchronous from
   * the read to the write, so concurrent guesses cannot count from the same number.
   */
  verify(phone: string, given: string): void {
    const key = codeKey(phone);
    const stored = phone ? this.ctx.kv.get<StoredCode>(key) : undefined;
    if (!stored) throw new ServiceError(MSG.smsCodeExpired);
    if (given !== stored.code) {
      const attempts = stored.attempts + 1;
      if (attempts >= SMS_MAX_ATTEMPTS) this.ctx.kv.del(key);
      else this.ctx.kv.replace(key, { ...stored, attempts });
      throw new ServiceError(MSG.smsCodeWrong);
    }
    // take() so that two concurrent logins with the same code cannot both pass.
    if (!this.ctx.kv.take(key)) throw new ServiceError(MSG.smsCodeExpired);
  }
}
