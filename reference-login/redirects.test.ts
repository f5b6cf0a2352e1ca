import { describe, expect, it } from 'vitest';
import { RedirectPolicy } from './redirects.ts';

describe('RedirectPolicy', () => {
  const p = new RedirectPolicy(() => 'http://127.0.0.1:7700', ['https://app.example.com']);

  it('resolves relative URIs against the public origin', () => {
    expect(p.resolve('/login?bindId=')).toBe('http://127.0.0.1:7700/login?bindId=');
    expect(p.target('/login?bindId=')).toBe('http://127.0.0.1:7700/login?bindId=');
  });

  it('allows the own origin and listed ones, nothing else', () => {
    expect(p.allowed('http://127.0.0.1:7700/x')).toBe(true);
    expect(p.allowed('https://app.example.com/login?loginId=')).toBe(true);
    expect(p.allowed('https://app.example.com.evil.net/')).toBe(false);
    expect(p.allowed('http://127.0.0.1:7701/x')).toBe(false);
    expect(p.allowed('//evil.example/x')).toBe(false);
    expect(p.allowed('javascript:alert(1)')).toBe(false);
    expect(p.allowed('login?bindId=')).toBe(false);
    expect(p.target('')).toBeUndefined();
  });

  it('localPath keeps same-origin paths only', () => {
    expect(RedirectPolicy.localPath('/user/profile?x=1')).toBe('/user/profile?x=1');
    expect(RedirectPolicy.localPath('//evil.example')).toBe('/');
    expect(RedirectPolicy.localPath('/\\evil.example')).toBe('/');
    expect(RedirectPolicy.localPath('https://evil.example')).toBe('/');
    expect(RedirectPolicy.localPath(undefined)).toBe('/');
  });
});
