// Which code `wxmock` runs: the compiled dist/main.js (scripts/build.mjs) or the TypeScript sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DIST = 'dist';
/** The CLI's source; the installed package has dist/ only, a checkout has this too. */
export const ENTRY = 'cli/main.ts';
/** Folders whose code the CLI runs; a change in any of them makes dist/ stale. */
export const SOURCE_DIRS = ['cli', 'core', 'console', 'fastbee-ui', 'harness', 'intercept', 'mock-wechat', 'mock-sms', 'reference-login'];

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
 * The built entry to run, or undefined to run the sources through tsx. The installed package
 * ships dist/ without sources: always dist/. A checkout runs dist/ while it is newer than every
 * source file (browser code included), package.json and the tsconfigs (WXMOCK_FROM_SOURCE forces the sources), so an
 * edited checkout always runs what it says.
 */
export function freshBundle(root) {
  const entry = join(root, DIST, 'main.js');
  if (!existsSync(join(root, ENTRY))) return existsSync(entry) ? entry : undefined;
  if (process.env.WXMOCK_FROM_SOURCE) return undefined;
  let built;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    return undefined;
  }
  let newest = 0;
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.client.json']) {
    try {
      newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
    } catch {
      // not there: nothing to compare
    }
  }
  for (const d of SOURCE_DIRS) newest = newestSource(join(root, d), newest);
  return newest < built ? entry : undefined;
}
