import { describe, expect, it } from 'vitest';
import { isMainlandMobile, nationalNumber, normalisePhone, phoneSpellings } from './phone.ts';
import { extractCode, missingAliyunParams, placeholders, renderAliyun, renderTencent, segments, withSign } from './templates.ts';

describe('phone numbers', () => {
  it('normalises every domestic spelling to E.164 and keeps international ones', () => {
    for (const s of ['13800138000', '+8613800138000', '008613800138000', '8613800138000', ' 13800138000 ']) expect(normalisePhone(s)).toBe('+8613800138000');
    expect(normalisePhone('+14155550100')).toBe('+14155550100');
    expect(normalisePhone('0014155550100')).toBe('+14155550100');
    for (const s of ['', '1380013800', 'abc', '+86 138', '23800138000']) expect(normalisePhone(s)).toBeUndefined();
    expect(isMainlandMobile('+8613800138000')).toBe(true);
    expect(isMainlandMobile('+8612800138000')).toBe(false);
    expect(nationalNumber('+8613800138000')).toBe('13800138000');
    expect(phoneSpellings('+8613800138000')).toContain('0086' + '13800138000');
  });
});

describe('templates', () => {
  it('finds placeholders: Aliyun by name in order, Tencent by number', () => {
    expect(placeholders('aliyun', '${b}和${a}，再${b}')).toEqual(['b', 'a']);
    expect(placeholders('tencent', '{2}…{1}…{2}')).toEqual(['1', '2']);
  });

  it('renders and reports missing variables', () => {
    expect(renderAliyun('码${code}，${min}分钟', { code: '1234', min: '5' })).toBe('码1234，5分钟');
    expect(missingAliyunParams('码${code}，${min}分钟', { code: '1' })).toEqual(['min']);
    expect(renderTencent('码{1}，{2}分钟', ['9', '5'])).toBe('码9，5分钟');
    expect(withSign('wxmock', 'x')).toBe('【wxmock】x');
  });

  it('extracts the code: code-like key, else the first template variable, else the first value; Tencent the first param', () => {
    expect(extractCode('aliyun', { product: 'x', Code: '42' })).toBe('42');
    expect(extractCode('aliyun', { verifyCode: '7' })).toBe('7');
    expect(extractCode('aliyun', { n: '1', pin: '9' }, '您的口令${pin}，编号${n}')).toBe('9');
    expect(extractCode('aliyun', { n: '1' })).toBe('1');
    expect(extractCode('aliyun', {})).toBeNull();
    expect(extractCode('tencent', ['5', '6'])).toBe('5');
    expect(extractCode('tencent', [])).toBeNull();
  });

  it('bills 70 characters as one segment, longer texts in 67-character parts', () => {
    expect(segments('字'.repeat(70))).toBe(1);
    expect(segments('字'.repeat(71))).toBe(2);
    expect(segments('字'.repeat(135))).toBe(3);
  });
});
