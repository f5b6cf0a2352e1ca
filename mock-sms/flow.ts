import { stmt, write, type Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import type { SmsOptionsStore } from './options.ts';
import type { Provider } from './world/types.ts';

export interface FlowRejection {
  code: string;
  message: string;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Tencent's "natural day" is the calendar day in China (UTC+8). */
const CHINA_OFFSET = 8 * HOUR;

function countSince(sends: { at: number }[], fromMs: number): number {
  let n = 0;
  for (const s of sends) if (s.at >= fromMs) n++;
  return n;
}

/**
 * Verification-code flow control as the gateways apply it by default. Only accepted sends count
 * (a rejected one does not move the counter), delivered or not.
 */
export class FlowControl {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: SmsOptionsStore,
  ) {}

  /** Aliyun: per number and SignName, rolling 1 min / 1 h / 24 h → isv.BUSINESS_LIMIT_CONTROL. */
  checkAliyun(phone: string, signName: string): FlowRejection | undefined {
    const o = this.options.get();
    if (!o.flowControl) return undefined;
    const now = this.clock.now();
    const rules = (
      [
        [o.aliyunPerMinute, now - MINUTE, '分钟级'],
        [o.aliyunPerHour, now - HOUR, '小时级'],
        [o.aliyunPerDay, now - DAY, '天级'],
      ] as [number, number, string][]
    ).filter(([limit]) => limit > 0);
    if (!rules.length) return undefined;
    // One read for every window: the sends since the widest one (few: the limits cap them), counted here.
    const sends = stmt(this.db, "SELECT at FROM sms_sends WHERE provider = 'aliyun' AND phone = ? AND sign_name = ? AND at >= ?").all(
      phone,
      signName,
      Math.min(...rules.map(([, from]) => from)),
    ) as { at: number }[];
    for (const [limit, from, label] of rules) {
      if (countSince(sends, from) >= limit) return { code: 'isv.BUSINESS_LIMIT_CONTROL', message: `触发${label}流控Permits:${limit}` };
    }
    return undefined;
  }

  /** Tencent: per number; same content within 30 s, rolling hour, natural day. */
  checkTencent(phone: string, content: string): FlowRejection | undefined {
    const o = this.options.get();
    if (!o.flowControl) return undefined;
    const now = this.clock.now();
    const dayStart = Math.floor((now + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
    const rules = (
      [
        [
          o.tencentSameContentPer30s,
          now - 30_000,
          true,
          'LimitExceeded.PhoneNumberThirtySecondLimit',
          'the number of messages sent to this number within 30 seconds exceeds the limit',
        ],
        [
          o.tencentPerHour,
          now - HOUR,
          false,
          'LimitExceeded.PhoneNumberOneHourLimit',
          'the number of messages sent to this number within 1 hour exceeds the limit',
        ],
        [o.tencentPerDay, dayStart, false, 'LimitExceeded.PhoneNumberDailyLimit', 'the number of messages sent to this number today exceeds the limit'],
      ] as [number, number, boolean, string, string][]
    ).filter(([limit]) => limit > 0);
    if (!rules.length) return undefined;
    // As for Aliyun; SQLite compares the content, as it compares the stored bytes.
    const sends = stmt(this.db, "SELECT at, content = ? AS same FROM sms_sends WHERE provider = 'tencent' AND phone = ? AND at >= ?").all(
      content,
      phone,
      Math.min(...rules.map(([, from]) => from)),
    ) as { at: number; same: number }[];
    for (const [limit, from, sameContent, code, message] of rules) {
      if (countSince(sameContent ? sends.filter((s) => s.same) : sends, from) >= limit) return { code, message };
    }
    return undefined;
  }

  record(provider: Provider, phone: string, signName: string, content: string): void {
    const at = this.clock.now();
    write(
      this.db,
      ['sms_sends'],
      'INSERT INTO sms_sends(provider, phone, sign_name, content, at) VALUES (?, ?, ?, ?, ?)',
      provider,
      phone,
      signName,
      content,
      at,
    );
  }

  /** Forgets the counters (of one number). */
  clear(phone?: string): number {
    return write(this.db, ['sms_sends'], () =>
      phone ? stmt(this.db, 'DELETE FROM sms_sends WHERE phone = ?').run(phone).changes : stmt(this.db, 'DELETE FROM sms_sends').run().changes,
    );
  }

  /** Drops sends no window looks at any more. */
  prune(): void {
    const before = this.clock.now() - 2 * DAY;
    write(this.db, ['sms_sends'], 'DELETE FROM sms_sends WHERE at < ?', before);
  }
}
