#!/usr/bin/env node
// Runs the compiled CLI in dist/ when it is up to date (`npm run build`, run by `npm ci`), else the
// TypeScript through tsx, registered with the package's own tsconfig so JSX pages compile the same
// from any working directory.
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
