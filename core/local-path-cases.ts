/**
 * Test support: `?redirect=` values a browser would take off the own origin, as the code that
 * receives them sees them (after the one decoding a query parameter gets), and values that must
 * stay. Shared by the unit, server and Chromium tests of `localPath`.
 */

/** C0 controls (tab, LF, CR, NUL and others), DEL and C1 controls, and the backslash. */
export const UNSAFE_CHARS = ['\t', '\n', '\r', '\0', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\x80', '\x85', '\x9f', '\\'];

/** The character as it arrives: raw, percent-encoded once, twice, three times. */
function spellings(ch: string): { how: string; text: string }[] {
  const once = encodeURIComponent(ch);
  const twice = once.replace(/%/g, '%25');
  return [
    { how: 'raw', text: ch },
    { how: 'encoded', text: once },
    { how: 'double-encoded', text: twice },
    { how: 'triple-encoded', text: twice.replace(/%/g, '%25') },
  ];
}

/** Where in the path the character goes: each would take a browser to evil.example or split a header. */
const POSITIONS: ((x: string) => string)[] = [
  (x) => `/${x}/evil.example/`,
  (x) => `/${x}${x}/evil.example/`,
  (x) => `/${x}\\evil.example`,
  (x) => `/user/profile${x}`,
  (x) => `/user/${x}profile`,
  (x) => `/user/profile?next=${x}`,
  (x) => `/user/profile#${x}`,
  (x) => `/${x}Set-Cookie:%20x=1`,
];

export interface RedirectCase {
  label: string;
  value: string;
}

/** Every unsafe character in every position and spelling, plus the "//" and dot-segment tricks. */
export function hostileRedirects(): RedirectCase[] {
  const out: RedirectCase[] = [];
  for (const ch of UNSAFE_CHARS) {
    const name = `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    for (const s of spellings(ch)) {
      POSITIONS.forEach((at, i) => {
        out.push({ label: `${name} ${s.how} at position ${i}`, value: at(s.text) });
      });
    }
  }
  for (const value of [
    '//evil.example/',
    '///evil.example/',
    '/%2Fevil.example/',
    '/%252Fevil.example/',
    '/.//evil.example/',
    '/a/..//evil.example/',
    '/%2e//evil.example/',
    '/./%2F/evil.example',
    '/\r\nSet-Cookie: x=1',
    '/%0d%0aSet-Cookie:%20x=1',
    '/%00',
    '/%ZZ',
    '/%',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    '\\\\evil.example',
    ' /user',
    '',
    'evil.example',
  ])
    out.push({ label: JSON.stringify(value), value });
  return out;
}

/** Paths that stay, and what they become (the URL serializer's spelling, which fits a header). */
export const SAFE_REDIRECTS: { value: string; becomes: string }[] = [
  { value: '/', becomes: '/' },
  { value: '/user/profile?x=1', becomes: '/user/profile?x=1' },
  { value: '/user/profile?wxBindMsgId=abc#top', becomes: '/user/profile?wxBindMsgId=abc#top' },
  { value: '/中文?q=一', becomes: '/%E4%B8%AD%E6%96%87?q=%E4%B8%80' },
  { value: '/a b', becomes: '/a%20b' },
  { value: '/a/../user/profile', becomes: '/user/profile' },
];
