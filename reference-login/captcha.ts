import { randomInt, randomUUID } from 'node:crypto';
import { ServiceError } from './ajax.ts';
import type { Kv } from './kv.ts';

export const CAPTCHA_TTL_SECONDS = 120;
const key = (uuid: string) => `captcha_codes:${uuid}`;

export const MSG_CAPTCHA_EXPIRED = '验证码已失效';
export const MSG_CAPTCHA_WRONG = '验证码错误';

/** An arithmetic question drawn as SVG (RuoYi's default captcha type is "math"). */
function mathQuestion(): { text: string; answer: string } {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  switch (randomInt(0, 3)) {
    case 0: return { text: `${a}+${b}=?`, answer: String(a + b) };
    case 1: return { text: `${Math.max(a, b)}-${Math.min(a, b)}=?`, answer: String(Math.max(a, b) - Math.min(a, b)) };
    default: return { text: `${a}×${b}=?`, answer: String(a * b) };
  }
}

function svg(text: string): string {
  const noise = Array.from({ length: 5 }, () => `<line x1="${randomInt(0, 160)}" y1="${randomInt(0, 60)}" x2="${randomInt(0, 160)}" y2="${randomInt(0, 60)}" stroke="#${randomInt(0x888888, 0xcccccc).toString(16)}" stroke-width="1"/>`).join('');
  const chars = [...text].map((ch, i) => `<text x="${14 + i * 24}" y="${38 + randomInt(-4, 5)}" font-size="28" font-family="monospace" fill="#335" transform="rotate(${randomInt(-12, 13)} ${14 + i * 24} 38)">${ch}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60"><rect width="160" height="60" fill="#f3f5f9"/>${noise}${chars}</svg>`;
}

/** /captchaImage and its check: one answer per uuid, two minutes, deleted when checked (right or wrong). */
export class Captcha {
  constructor(private readonly kv: Kv) {}

  create(): { uuid: string; img: string; answer: string } {
    const q = mathQuestion();
    const uuid = randomUUID().replace(/-/g, '');
    this.kv.set(key(uuid), q.answer, CAPTCHA_TTL_SECONDS);
    return { uuid, img: Buffer.from(svg(q.text)).toString('base64'), answer: q.answer };
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
