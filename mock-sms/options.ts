import { getSetting, putSetting, type Db } from '../core/db.ts';
import { ReadCache } from '../core/read-cache.ts';

/**
 * Behaviour switches of mock-sms, persisted with the state. Limits are the real defaults
 * (docs/wire/sms.md#aliyun-flow-control, docs/wire/sms.md#tencent-frequency-limits); 0 turns a single
 * limit off, `flowControl: false` all of them.
 */
export interface SmsOptions {
  flowControl: boolean;
  /** Aliyun, per number + SignName: rolling minute / hour / 24 h */
  aliyunPerMinute: number;
  aliyunPerHour: number;
  aliyunPerDay: number;
  /** Tencent, per number: same content within 30 s, rolling hour (off by default), natural day (UTC+8) */
  tencentSameContentPer30s: number;
  tencentPerHour: number;
  tencentPerDay: number;
  /**
   * Where Tencent puts the codes whose placement the sources leave open (sign/template not
   * approved, params not matching the template, package balance): "status" = SendStatusSet, "error" = Response.Error
   */
  tencentPlacement: 'status' | 'error';
  /** allowed clock skew of Timestamp / x-acs-date (Aliyun) and X-TC-Timestamp (Tencent) */
  aliyunSkewSeconds: number;
  tencentSkewSeconds: number;
  /** how long an Aliyun SignatureNonce stays used */
  aliyunNonceTtlSeconds: number;
}

const defaultSmsOptions: SmsOptions = {
  flowControl: true,
  aliyunPerMinute: 1,
  aliyunPerHour: 5,
  aliyunPerDay: 10,
  tencentSameContentPer30s: 1,
  tencentPerHour: 0,
  tencentPerDay: 10,
  tencentPlacement: 'status',
  aliyunSkewSeconds: 900,
  tencentSkewSeconds: 300,
  aliyunNonceTtlSeconds: 900,
};

const POSITIVE = new Set<keyof SmsOptions>(['aliyunSkewSeconds', 'tencentSkewSeconds', 'aliyunNonceTtlSeconds']);

export class SmsOptionsStore {
  /** The options as last read: every send asks for them. */
  private readonly cache: ReadCache;

  constructor(private readonly db: Db) {
    this.cache = new ReadCache(db, ['settings']);
  }

  get(): SmsOptions {
    return this.cache.get('options', () => this.read())!;
  }

  /** Validates and stores a partial change; returns an error text or undefined (nothing stored then). */
  patch(change: Record<string, unknown>): string | undefined {
    const next = { ...this.get() } as Record<string, unknown>;
    for (const [k, v] of Object.entries(change)) {
      if (!(k in defaultSmsOptions)) return `unknown option ${k} (known: ${Object.keys(defaultSmsOptions).join(', ')})`;
      const d = defaultSmsOptions[k as keyof SmsOptions];
      if (typeof d === 'boolean' && typeof v !== 'boolean') return `${k} must be true or false`;
      if (typeof d === 'number') {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return `${k} must be a whole number ≥ 0`;
        if (POSITIVE.has(k as keyof SmsOptions) && v === 0) return `${k} must be > 0`;
      }
      if (k === 'tencentPlacement' && v !== 'status' && v !== 'error') return 'tencentPlacement must be "status" or "error"';
      next[k] = v;
    }
    putSetting(this.db, 'sms.options', JSON.stringify(next));
    return undefined;
  }

  private read(): SmsOptions {
    const raw = getSetting(this.db, 'sms.options');
    return { ...defaultSmsOptions, ...(raw ? JSON.parse(raw) : {}) };
  }
}
