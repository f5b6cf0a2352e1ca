// Compiles the CLI and the services it starts to plain JavaScript in dist/, so `wxmock start` does
// not load a TypeScript compiler first (half of its cold start). bin/wxmock.mjs uses dist/ only
// while it is newer than every source file, and runs the TypeScript through tsx otherwise.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, ENTRY } from '../bin/bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir lets a test build elsewhere without pulling dist/ from under a running sandbox.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(root, DIST);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, ENTRY)],
  outdir,
  bundle: true,
  // Chunks per lazily imported command: `start` must not load puppeteer or Vitest.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`built ${relative(root, outdir) || '.'}/ from ${ENTRY}`);
