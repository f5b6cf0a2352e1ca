// Whether dist/ (scripts/build.mjs) may run instead of the TypeScript sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DIST = 'dist';
export const ENTRY = 'cli/main.ts';
/** Folders whose code the CLI runs; a change in any of them makes dist/ stale. */
export const SOURCE_DIRS = ['cli', 'core', 'console', 'fastbee-ui', 'harness', 'mock-wechat', 'mock-sms', 'reference-login'];

function newestSource(dir, newest) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = newestSource(p, newest);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The built entry when it exists and is newer than every source file, package.json and
 * tsconfig.json; undefined otherwise (or when WXMOCK_FROM_SOURCE is set), so an edited checkout
 * always runs what it says.
 */
export function freshBundle(root) {
  if (process.env.WXMOCK_FROM_SOURCE) return undefined;
  const entry = join(root, DIST, 'main.js');
  let built;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    return undefined;
  }
  let newest = 0;
  for (const f of ['package.json', 'tsconfig.json']) {
    try {
      newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
    } catch {
      // not there: nothing to compare
    }
  }
  for (const d of SOURCE_DIRS) newest = newestSource(join(root, d), newest);
  return newest < built ? entry : undefined;
}
