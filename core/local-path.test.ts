import { describe, expect, it } from 'vitest';
import { hostileRedirects, SAFE_REDIRECTS } from './local-path-cases.ts';
import { localPath } from './local-path.ts';

describe('localPath', () => {
  it('sends every control character, backslash and "//" trick, in any position and spelling, to "/"', () => {
    const cases = hostileRedirects();
    expect(cases.length).toBeGreaterThan(400);
    expect(cases.map((c) => (localPath(c.value) === '/' ? '' : `${c.label}: ${JSON.stringify(localPath(c.value))}`)).filter(Boolean)).toEqual([]);
  });

  it('keeps own-origin paths, spelled so that they fit an HTTP header', () => {
    for (const c of SAFE_REDIRECTS) expect(localPath(c.value), c.value).toBe(c.becomes);
    for (const v of [undefined, null, 42, {}, ['/x']]) expect(localPath(v)).toBe('/');
  });
});
