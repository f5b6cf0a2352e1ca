import { describe, expect, it } from 'vitest';
import { callbackUrl } from './urls.ts';
import { bareHost, hostAllowed } from './validate.ts';

describe('callbackUrl (where the browser goes after the QR login)', () => {
  it('appends with "?" or "&" and keeps a #fragment last', () => {
    expect(
      callbackUrl('http://a.com/cb', [
        ['code', 'C'],
        ['state', 'S'],
      ]),
    ).toBe('http://a.com/cb?code=C&state=S');
    expect(
      callbackUrl('http://a.com/cb?x=1', [
        ['code', 'C'],
        ['state', 'S'],
      ]),
    ).toBe('http://a.com/cb?x=1&code=C&state=S');
    expect(callbackUrl('http://a.com/cb?', [['state', 'S']])).toBe('http://a.com/cb?state=S');
    expect(
      callbackUrl('http://a.com/#/login?x=1', [
        ['code', 'C'],
        ['state', ''],
      ]),
    ).toBe('http://a.com/?code=C&state=#/login?x=1');
  });

  it('encodes values so the login system decodes the state exactly as it sent it', () => {
    const url = callbackUrl('http://a.com/cb', [['state', 'a b&c=d/测试']]);
    expect(new URL(url).searchParams.get('state')).toBe('a b&c=d/测试');
  });
});

describe('the callback-domain rule', () => {
  it('accepts the domain and its subdomains on any port', () => {
    expect(hostAllowed('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(hostAllowed('www.example.com', 'example.com')).toBe(true);
    expect(hostAllowed('EXAMPLE.com', 'example.com:8080')).toBe(true);
    expect(hostAllowed('[::1]', '[::1]:7700')).toBe(true);
  });

  it('refuses look-alikes and an app without a callback domain', () => {
    expect(hostAllowed('badexample.com', 'example.com')).toBe(false);
    expect(hostAllowed('example.com.evil.org', 'example.com')).toBe(false);
    expect(hostAllowed('example.com', null)).toBe(false);
    expect(hostAllowed('example.com', '')).toBe(false);
  });

  it('reads a configured domain written as a URL or with a port', () => {
    expect(bareHost('https://Login.Example.com/path')).toBe('login.example.com');
    expect(bareHost('127.0.0.1:7700')).toBe('127.0.0.1');
    expect(bareHost('[::1]:80')).toBe('::1');
  });
});
