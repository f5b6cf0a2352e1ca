// `npm run fastbee-ui -- <FastBee checkout> [--lockfile package-lock.json]`: builds FastBee's web UI
// (its vue/ folder) for `wxmock start --fastbee-ui`. FastBee's Vue 2 toolchain needs npm's
// --legacy-peer-deps to install and OpenSSL's legacy provider to build on Node 17+ (webpack 4
// hashes with MD4); docs/fastbee.md has the details. Install and build take minutes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const lockAt = args.indexOf('--lockfile');
const lockfile = lockAt >= 0 ? resolve(args[lockAt + 1] ?? '') : undefined;
const checkout = args.find((a, i) => !a.startsWith('--') && (lockAt < 0 || i !== lockAt + 1));
if (!checkout) {
  console.error('usage: npm run fastbee-ui -- <FastBee checkout (the folder holding vue/, or vue/ itself)> [--lockfile <package-lock.json>]');
  process.exit(2);
}
const root = resolve(checkout);
const vue = existsSync(join(root, 'vue', 'package.json')) ? join(root, 'vue') : root;
if (!existsSync(join(vue, 'package.json')) || !existsSync(join(vue, 'vue.config.js'))) {
  console.error(`${vue}: no package.json and vue.config.js here; give the FastBee checkout (kerwincui/FastBee) or its vue/ folder`);
  process.exit(2);
}
if (lockfile) copyFileSync(lockfile, join(vue, 'package-lock.json'));

function run(cmd, cmdArgs, env = {}) {
  console.log(`\n> (${vue}) ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: vue, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${cmdArgs[0]} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const started = Date.now();
// Its Vue 2 dependencies declare peers npm 7+ refuses; their install scripts are not needed to build.
run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps']);
// webpack 4 hashes with MD4, which OpenSSL 3 (Node 17+) only has in its legacy provider.
run('npx', ['vue-cli-service', 'build'], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider --max-old-space-size=8192`.trim() });

const dist = join(vue, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`the build wrote no ${join(dist, 'index.html')}`);
  process.exit(1);
}
console.log(`\nFastBee's web UI built in ${Math.round((Date.now() - started) / 1000)} s: ${dist}`);
console.log(`Run it on wxmock:  npx wxmock start --fastbee-ui ${dist}`);
