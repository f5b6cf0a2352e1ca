import { describe, expect, it } from 'vitest';
import { UNSAFE_CHARS } from '../core/local-path-cases.ts';
import { RedirectPolicy } from './redirects.ts';

describe('RedirectPolicy', () => {
  const p = new RedirectPolicy(() => 'http://127.0.0.1:7700', ['https://app.example.com']);

  it('resolves relative URIs against the public origin', () => {
    expect(p.target('/login?bindId=')).toBe('http://127.0.0.1:7700/login?bindId=');
    expect(p.target('/')).toBe('http://127.0.0.1:7700/');
  });

  it('allows the own origin and listed ones, nothing else', () => {
    expect(p.allowed('http://127.0.0.1:7700/x')).toBe(true);
    expect(p.allowed('https://app.example.com/login?loginId=')).toBe(true);
    expect(p.target('https://app.example.com/login?loginId=')).toBe('https://app.example.com/login?loginId=');
    expect(p.allowed('https://app.example.com.evil.net/')).toBe(false);
    expect(p.allowed('http://127.0.0.1:7701/x')).toBe(false);
    expect(p.allowed('//evil.example/x')).toBe(false);
    expect(p.allowed('javascript:alert(1)')).toBe(false);
    expect(p.allowed('login?bindId=')).toBe(false);
    expect(p.target('')).toBeUndefined();
  });

  it('refuses a control character or backslash anywhere in a URI, relative or absolute, raw or (relative) encoded', () => {
    for (const ch of UNSAFE_CHARS) {
      for (const uri of [
        `/${ch}/evil.example/`,
        `/login${ch}?bindId=`,
        `/login?bindId=${encodeURIComponent(ch)}`,
        `https://app.example.com/${ch}/x`,
        `http://127.0.0.1:7700${ch}/x?loginId=`,
      ]) {
        expect(p.target(uri), JSON.stringify(uri)).toBeUndefined();
      }
    }
    expect(p.target('/./%2F/evil.example')).toBeUndefined();
  });

  it('hands back what fits a Location header: non-ASCII percent-encoded', () => {
    expect(p.target('/登录?bindId=')).toBe('http://127.0.0.1:7700/%E7%99%BB%E5%BD%95?bindId=');
    expect(p.target('https://app.example.com/登录?x=')).toBe('https://app.example.com/%E7%99%BB%E5%BD%95?x=');
  });
});
