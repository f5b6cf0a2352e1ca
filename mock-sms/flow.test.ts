import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock } from '../core/clock.ts';
import { closeDatabase, type Db } from '../core/db.ts';
import { openSmsDb } from './db.ts';
import { FlowControl } from './flow.ts';
import { SmsOptionsStore } from './options.ts';
import { TENCENT_ERRORS } from './tencent/errors.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** 2026-03-10 00:00 in China (UTC+8). */
const CHINA_MIDNIGHT = Date.UTC(2026, 2, 9, 16, 0, 0);
const PHONE = '+8613800138000';
const TEXT = '【wxmock】您的验证码为：123456';

let db: Db;
let clock: Clock;
let options: SmsOptionsStore;
let flow: FlowControl;

beforeEach(() => {
  db = openSmsDb(':memory:');
  clock = new Clock(db);
  options = new SmsOptionsStore(db);
  flow = new FlowControl(db, clock, options);
});
afterEach(() => closeDatabase(db));

/** A Tencent refusal as the flow control gives it: the code and its message from the one error table. */
const tencentLimit = (code: string) => ({ code, message: TENCENT_ERRORS[code]!.message });

/** Moves the mock clock so that now is `ms` (give or take the milliseconds the test itself takes). */
const at = (ms: number) => clock.setOffset(ms - Date.now());

describe('Aliyun windows (per number and SignName)', () => {
  it('counts a send for a rolling minute, hour and 24 hours of mock time', () => {
    options.patch({ aliyunPerMinute: 1, aliyunPerHour: 2, aliyunPerDay: 3 });
    const t0 = CHINA_MIDNIGHT;
    at(t0);
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    at(t0 + MINUTE - 1000);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toEqual({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' });
    at(t0 + MINUTE + 1000);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    at(t0 + 10 * MINUTE);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toEqual({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发小时级流控Permits:2' });
    at(t0 + HOUR + 2 * MINUTE);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    at(t0 + 3 * HOUR);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toEqual({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控Permits:3' });
    at(t0 + 24 * HOUR + 1000);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
  });

  it('keeps numbers, SignNames and gateways apart', () => {
    at(CHINA_MIDNIGHT);
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    flow.record('tencent', '+8613800138001', 'wxmock', TEXT);
    expect(flow.checkAliyun(PHONE, 'wxmock')?.code).toBe('isv.BUSINESS_LIMIT_CONTROL');
    expect(flow.checkAliyun(PHONE, 'other')).toBeUndefined();
    expect(flow.checkAliyun('+8613800138001', 'wxmock')).toBeUndefined();
    expect(flow.checkTencent(PHONE, TEXT)).toBeUndefined();
  });

  it('skips a limit set to 0, and every limit when flowControl is off', () => {
    options.patch({ aliyunPerMinute: 0, aliyunPerHour: 2 });
    at(CHINA_MIDNIGHT);
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
    flow.record('aliyun', PHONE, 'wxmock', TEXT);
    expect(flow.checkAliyun(PHONE, 'wxmock')?.message).toBe('触发小时级流控Permits:2');
    options.patch({ flowControl: false });
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
    options.patch({ flowControl: true, aliyunPerMinute: 0, aliyunPerHour: 0, aliyunPerDay: 0 });
    expect(flow.checkAliyun(PHONE, 'wxmock')).toBeUndefined();
  });
});

describe('Tencent windows (per number)', () => {
  it('limits the same content for 30 seconds; other content is not the same-content rule', () => {
    const t0 = CHINA_MIDNIGHT + HOUR;
    at(t0);
    flow.record('tencent', PHONE, 'wxmock', TEXT);
    at(t0 + 29_000);
    expect(flow.checkTencent(PHONE, TEXT)?.code).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(flow.checkTencent(PHONE, '【wxmock】别的内容')).toBeUndefined();
    at(t0 + 31_000);
    expect(flow.checkTencent(PHONE, TEXT)).toBeUndefined();
  });

  it('counts the natural day in China time and, when set, a rolling hour across midnight', () => {
    options.patch({ tencentPerDay: 2, tencentPerHour: 3 });
    at(CHINA_MIDNIGHT - 20 * MINUTE);
    flow.record('tencent', PHONE, 'wxmock', 'a');
    at(CHINA_MIDNIGHT - 10 * MINUTE);
    flow.record('tencent', PHONE, 'wxmock', 'b');
    expect(flow.checkTencent(PHONE, 'c')).toEqual(tencentLimit('LimitExceeded.PhoneNumberDailyLimit'));
    // A new day in China: yesterday's sends no longer count for the day, but still for the hour.
    at(CHINA_MIDNIGHT + 5 * MINUTE);
    expect(flow.checkTencent(PHONE, 'c')).toBeUndefined();
    flow.record('tencent', PHONE, 'wxmock', 'c');
    at(CHINA_MIDNIGHT + 10 * MINUTE);
    expect(flow.checkTencent(PHONE, 'd')).toEqual(tencentLimit('LimitExceeded.PhoneNumberOneHourLimit'));
    at(CHINA_MIDNIGHT + 51 * MINUTE);
    expect(flow.checkTencent(PHONE, 'd')).toBeUndefined();
    flow.record('tencent', PHONE, 'wxmock', 'd');
    expect(flow.checkTencent(PHONE, 'e')?.code).toBe('LimitExceeded.PhoneNumberDailyLimit');
  });

  it('has no hour limit by default, and none at all with flowControl off', () => {
    at(CHINA_MIDNIGHT + HOUR);
    for (const t of ['a', 'b', 'c', 'd']) flow.record('tencent', PHONE, 'wxmock', t);
    expect(flow.checkTencent(PHONE, 'e')).toBeUndefined();
    options.patch({ tencentPerDay: 4 });
    expect(flow.checkTencent(PHONE, 'e')?.code).toBe('LimitExceeded.PhoneNumberDailyLimit');
    options.patch({ flowControl: false });
    expect(flow.checkTencent(PHONE, 'a')).toBeUndefined();
  });
});
