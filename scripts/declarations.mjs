// The declaration files a consumer sees: tsc emits one .d.ts per source reachable from the entries
// (under dist/types/, keeping the source tree's shape); this keeps those the public entries reach,
// rewrites their relative `.ts`/`.tsx` import paths to `.js` (what a consumer's TypeScript resolves
// to the .d.ts without allowImportingTsExtensions), and fails when one names a file not shipped.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Module paths a declaration file refers to (import/export … from, import("…"), reference path),
 * with their positions, found by TypeScript's own scanner: a string that merely looks like an
 * import (a literal type holding source text) is not one.
 */
function specifiersOf(text) {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.referencedFiles].sort((a, b) => a.pos - b.pos);
}

function declarationOf(fromFile, specifier) {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [target.replace(/\.(ts|tsx|js|mjs)$/, '.d.ts'), target.replace(/\.mjs$/, '.d.mts'), target, `${target}.d.ts`, join(target, 'index.d.ts')];
  return candidates.find((c) => /\.d\.m?ts$/.test(c) && existsSync(c));
}

/** The package a bare specifier names: `hono/jsx` → hono, `@types/x/y` → @types/x. */
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Walks from the entries' declarations; rewrites relative specifiers to .js; deletes the
 * declarations no entry reaches. Returns the files kept and the packages they import types from
 * (a consumer must be able to resolve those); throws naming each dangling reference.
 */
export function finishDeclarations(typesDir, entryFiles) {
  const kept = new Set();
  const packages = new Set();
  const problems = [];
  const queue = entryFiles.map((f) => join(typesDir, f));
  while (queue.length) {
    const file = queue.pop();
    if (kept.has(file)) continue;
    kept.add(file);
    const text = readFileSync(file, 'utf8');
    let rewritten = '';
    let at = 0;
    for (const { fileName: spec, pos: quote } of specifiersOf(text)) {
      if (!spec.startsWith('.')) {
        packages.add(packageOf(spec));
        continue;
      }
      const dts = declarationOf(file, spec);
      if (!dts) {
        problems.push(`${relative(typesDir, file)} refers to ${spec}, which has no declaration file in the package`);
        continue;
      }
      queue.push(dts);
      // `pos` is the opening quote's.
      rewritten += text.slice(at, quote + 1) + spec.replace(/\.tsx?$/, '.js');
      at = quote + 1 + spec.length;
    }
    rewritten += text.slice(at);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  if (problems.length) throw new Error(`declarations:\n  ${problems.join('\n  ')}`);
  const prune = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        prune(p);
        if (!readdirSync(p).length) rmSync(p, { recursive: true });
      } else if (!kept.has(p)) rmSync(p);
    }
  };
  prune(typesDir);
  return { files: [...kept].map((f) => relative(typesDir, f)).sort(), packages: [...packages].sort() };
}
