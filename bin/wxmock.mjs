#!/usr/bin/env node
// Runs the compiled CLI in dist/ (always in the installed package; in a checkout while it is newer
// than the sources, see bundle.mjs), else the TypeScript through tsx, a development dependency,
// registered with the package's own tsconfig so JSX pages compile the same from any directory.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = freshBundle(root);
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(root, 'tsconfig.json') });
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
