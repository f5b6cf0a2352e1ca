import { randomInt, randomUUID } from 'node:crypto';
import { ServiceError } from './ajax.ts';
import { captchaPng } from './captcha-image.ts';
import type { Kv } from './kv.ts';

const CAPTCHA_TTL_SECONDS = 120;
const key = (uuid: string) => `captcha_codes:${uuid}`;

const MSG_CAPTCHA_EXPIRED = '验证码已失效';
const MSG_CAPTCHA_WRONG = '验证码错误';

/** An arithmetic question (RuoYi's default captcha type is "math"), drawn as a PNG by captcha-image.ts. */
function mathQuestion(): { text: string; answer: string } {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  switch (randomInt(0, 3)) {
    case 0:
      return { text: `${a}+${b}=?`, answer: String(a + b) };
    case 1:
      return { text: `${Math.max(a, b)}-${Math.min(a, b)}=?`, answer: String(Math.max(a, b) - Math.min(a, b)) };
    default:
      return { text: `${a}×${b}=?`, answer: String(a * b) };
  }
}

/** /captchaImage and its check: one answer per uuid, two minutes, deleted when checked (right or wrong). */
export class Captcha {
  constructor(private readonly kv: Kv) {}

  create(): { uuid: string; img: string; answer: string } {
    const q = mathQuestion();
    const uuid = randomUUID().replace(/-/g, '');
    this.kv.set(key(uuid), q.answer, CAPTCHA_TTL_SECONDS);
    return { uuid, img: captchaPng(q.text).toString('base64'), answer: q.answer };
  }

  /** The answer without consuming it (control API, for automation). */
  peek(uuid: string): string | undefined {
    return this.kv.get<string>(key(uuid));
  }

  /** RuoYi's validateCaptcha: missing → 验证码已失效, mismatch (case-insensitive) → 验证码错误. */
  check(code: string, uuid: string): void {
    const answer = uuid ? this.kv.take<string>(key(uuid)) : undefined;
    if (answer === undefined) throw new ServiceError(MSG_CAPTCHA_EXPIRED);
    if (code.trim().toLowerCase() !== answer.toLowerCase()) throw new ServiceError(MSG_CAPTCHA_WRONG);
  }
}
