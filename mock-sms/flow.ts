import type { Db } from '../core/db.ts';
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

/**
 * Verification-code flow control as the gateways apply it by default. Only accepted sends count
 * (a rejected one does not move the counter), delivered or not.
 */
export class FlowControl {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly options: SmsOptionsStore) {}

  private count(provider: Provider, phone: string, fromMs: number, extra = '', args: unknown[] = []): number {
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM sms_sends WHERE provider = ? AND phone = ? AND at >= ? ${extra}`).get(provider, phone, fromMs, ...args) as { n: number };
    return row.n;
  }

  /** Aliyun: per number and SignName, rolling 1 min / 1 h / 24 h → isv.BUSINESS_LIMIT_CONTROL. */
  checkAliyun(phone: string, signName: string): FlowRejection | undefined {
    const o = this.options.get();
    if (!o.flowControl) return undefined;
    const now = this.clock.now();
    const rules: [number, number, string][] = [
      [o.aliyunPerMinute, MINUTE, '分钟级'],
      [o.aliyunPerHour, HOUR, '小时级'],
      [o.aliyunPerDay, DAY, '天级'],
    ];
    for (const [limit, window, label] of rules) {
      if (limit > 0 && this.count('aliyun', phone, now - window, 'AND sign_name = ?', [signName]) >= limit) {
        return { code: 'isv.BUSINESS_LIMIT_CONTROL', message: `触发${label}流控Permits:${limit}` };
      }
    }
    return undefined;
  }

  /** Tencent: per number; same content within 30 s, rolling hour, natural day. */
  checkTencent(phone: string, content: string): FlowRejection | undefined {
    const o = this.options.get();
    if (!o.flowControl) return undefined;
    const now = this.clock.now();
    if (o.tencentSameContentPer30s > 0 && this.count('tencent', phone, now - 30_000, 'AND content = ?', [content]) >= o.tencentSameContentPer30s) {
      return { code: 'LimitExceeded.PhoneNumberThirtySecondLimit', message: 'the number of messages sent to this number within 30 seconds exceeds the limit' };
    }
    if (o.tencentPerHour > 0 && this.count('tencent', phone, now - HOUR) >= o.tencentPerHour) {
      return { code: 'LimitExceeded.PhoneNumberOneHourLimit', message: 'the number of messages sent to this number within 1 hour exceeds the limit' };
    }
    const dayStart = Math.floor((now + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
    if (o.tencentPerDay > 0 && this.count('tencent', phone, dayStart) >= o.tencentPerDay) {
      return { code: 'LimitExceeded.PhoneNumberDailyLimit', message: 'the number of messages sent to this number today exceeds the limit' };
    }
    return undefined;
  }

  record(provider: Provider, phone: string, signName: string, content: string): void {
    this.db.prepare('INSERT INTO sms_sends(provider, phone, sign_name, content, at) VALUES (?, ?, ?, ?, ?)').run(provider, phone, signName, content, this.clock.now());
  }

  /** Forgets the counters (of one number). */
  clear(phone?: string): number {
    return phone ? this.db.prepare('DELETE FROM sms_sends WHERE phone = ?').run(phone).changes : this.db.prepare('DELETE FROM sms_sends').run().changes;
  }

  /** Drops sends no window looks at any more. */
  prune(): void {
    this.db.prepare('DELETE FROM sms_sends WHERE at < ?').run(this.clock.now() - 2 * DAY);
  }
}
