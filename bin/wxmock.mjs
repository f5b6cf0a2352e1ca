#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx registers its loader, so no build step is needed. The
// package's own tsconfig is named so JSX pages compile the same from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
