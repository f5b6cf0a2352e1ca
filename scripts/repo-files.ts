import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.tmp', '.wxmock', 'reports']);

/**
 * Every file of the working tree whose name passes `keep`, as "/"-separated paths relative to the
 * root; dependencies, build output and scratch folders left out. New files count before they are
 * committed.
 */
export function repoFiles(keep: (name: string) => boolean, dir = ROOT, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.build-test-')) repoFiles(keep, join(dir, e.name), out);
    } else if (keep(e.name)) out.push(relative(ROOT, join(dir, e.name)).split(sep).join('/'));
  }
  return out;
}

/** Source files (TypeScript and JavaScript, no declaration files). */
export const isSource = (name: string) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) && !/\.d\.m?ts$/.test(name);

/**
 * A test file: its name ends in `.test.ts` / `.test.tsx` or is `test-support.ts` / `fuzz-support.ts`
 * (docs/architecture.md, "Allowed imports").
 */
export function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /(^|\/)(test|fuzz)-support\.ts$/.test(file);
}
