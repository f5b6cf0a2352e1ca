#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx registers its loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
