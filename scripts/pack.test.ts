// The package as a user gets it: packed from a clean copy of the checkout (prepack builds it),
// installed into a fresh project from the npm cache, then used there the ways README's "Use wxmock
// in your project" shows, with the files that section shows (read from README.md, not copied).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childOutput } from '../core/child-output.ts';
import { HttpClient } from '../core/http-client.ts';
import { ALL_START_LISTENERS, freeStartPorts, startPortFlags } from '../harness/start-ports.ts';
import { builtClientPath } from './client-build.mjs';
import { consumerLock } from './consumer-lock.ts';
import { CLIENT_ENTRIES } from './entries.mjs';

const ROOT = join(__dirname, '..');
const repoPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A file README.md shows: the fenced block right under a line `**path**`. */
function readmeFile(path: string): string {
  const at = README.indexOf(`\n**${path}**\n`);
  const block = at < 0 ? null : README.slice(at).match(/\n```\w*\n([\s\S]*?)\n```/);
  if (!block) throw new Error(`README.md shows no file ${path}`);
  return `${block[1]}\n`;
}

/** The environment of a shell in the new project: nothing of this test run or of npm test's own npm. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|npm_|NODE_ENV$|NODE_OPTIONS$|FORCE_COLOR$|WXMOCK_|TEST$)/.test(k)));
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Whether nothing listens on the loopback port any more, polled until the deadline. */
async function closedWithin(port: number, ms: number): Promise<boolean> {
  const refused = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
  const deadline = Date.now() + ms;
  for (;;) {
    if (await refused()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Ran {
  code: number | null;
  /** stdout and stderr as they came */
  out: string;
  /** stdout alone, for what a test parses (a shell may warn on stderr under load) */
  stdout: string;
}

/**
 * Runs a command to its end (or kills it at the deadline, with everything it started: npx's
 * command outlives npx) and returns its exit code and output.
 */
function run(cmd: string, args: string[], cwd: string, opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: cleanEnv(opts.env), detached: true });
    let out = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      out += d;
      stdout += d;
    });
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[killed after ${opts.timeoutMs} ms]`;
      process.kill(-child.pid!, 'SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, stdout });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'wxmock-pack-'));
const app = join(work, 'app');
let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; integrity: string; files: { path: string }[] };
let install: Ran;

afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 5 }));

/**
 * Runs fn with esbuild out of the project's reach (Vitest brings it, as Vite's bundler): the
 * installed package serves its prebuilt browser code and must never need esbuild to do so.
 */
async function withoutEsbuild<T>(fn: () => Promise<T>): Promise<T> {
  const esbuild = join(app, 'node_modules/esbuild');
  const aside = existsSync(esbuild);
  if (aside) renameSync(esbuild, `${esbuild}.aside`);
  try {
    const resolvable = await run(
      process.execPath,
      ['--input-type=module', '-e', "import('esbuild').then(() => console.log('resolvable'), () => console.log('gone'))"],
      app,
    );
    expect(resolvable.out.trim()).toBe('gone');
    return await fn();
  } finally {
    if (aside) renameSync(`${esbuild}.aside`, esbuild);
  }
}

beforeAll(async () => {
  // A copy of the checkout without node_modules' contents or a build, as a fresh clone has it.
  const stage = join(work, 'stage');
  const skip = /^(node_modules|dist|\.git|reports|\.wxmock|\.tmp|\.build-test-[^/]*|\.vitest-[^/]*)(\/|$)/;
  cpSync(ROOT, stage, { recursive: true, filter: (src) => !skip.test(relative(ROOT, src)) });
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'));
  let t = Date.now();
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], stage);
  console.log(`npm pack (prepack builds): ${((Date.now() - t) / 1000).toFixed(1)} s`);
  expect(pack.code, pack.out).toBe(0);
  // npm prints the prepack build's lines first, then the JSON.
  [packed] = JSON.parse(pack.out.slice(pack.out.indexOf('[\n')));

  // better-sqlite3's install fetches a prebuilt binary for this Node; with no route to its
  // download host here, prebuild-install takes the same archive from a local folder instead (its
  // `local-prebuilds` setting, in an rc file it finds above the project), made of the binary this
  // checkout built.
  const sqlite = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8'));
  const prebuilds = join(work, 'prebuilds');
  mkdirSync(prebuilds);
  const archive = join(prebuilds, `better-sqlite3-v${sqlite.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  expect((await run('tar', ['-czf', archive, '-C', join(ROOT, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node'], ROOT)).code).toBe(0);
  writeFileSync(join(work, '.prebuild-installrc'), `local-prebuilds=${prebuilds}\n`);

  // The user's project: wxmock from the tarball, the test tools README names, allowScripts as README
  // says (plus Jest's file watcher, whose script only compiles when asked to build from source).
  mkdirSync(join(app, 'test'), { recursive: true });
  const devDependencies: Record<string, string> = { wxmock: `file:../${packed.filename}` };
  for (const name of ['puppeteer-core', 'vitest', 'jest', 'typescript', '@types/node']) devDependencies[name] = repoPkg.devDependencies[name];
  const pkg = {
    name: 'my-login-tests',
    version: '1.0.0',
    private: true,
    type: 'module',
    devDependencies,
    allowScripts: { 'better-sqlite3': true, '@parcel/watcher': false },
  };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const manifest = JSON.parse((await run('tar', ['-xOzf', join(work, packed.filename), 'package/package.json'], work)).out);
  const lock = consumerLock(JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')), {
    name: pkg.name,
    devDependencies,
    packed: { manifest, resolved: `file:../${packed.filename}`, integrity: packed.integrity },
  });
  writeFileSync(join(app, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  t = Date.now();
  install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app, { timeoutMs: 240_000 });
  console.log(`npm ci --offline in the fresh project: ${((Date.now() - t) / 1000).toFixed(1)} s`);

  for (const file of ['test/login.test.ts', 'check-login.mjs', 'control-api.sh']) writeFileSync(join(app, file), readmeFile(file));
}, 300_000);

describe('the packed package', () => {
  it('holds the build, the launcher and the README: no sources, tests, benchmarks or images', () => {
    const files = packed.files.map((f) => f.path);
    console.log(
      `${packed.filename}: ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'bin/wxmock.mjs',
        'bin/bundle.mjs',
        'dist/main.js',
        'dist/harness.js',
        'dist/control.js',
        'dist/types/harness/index.d.ts',
        'dist/types/harness/control.d.ts',
      ]),
    );
    // The pages' browser code, bundled: a page of the installed package never needs esbuild.
    expect(files).toEqual(expect.arrayContaining(CLIENT_ENTRIES.map((source) => `dist/${builtClientPath(source)}`)));
    const unwanted = files.filter((f) => /\.test\.|(^|\/)(bench|scenarios|docs|scripts)\/|\.(png|jpe?g|tsx?)$/.test(f.replace(/\.d\.ts$/, '')));
    expect(unwanted).toEqual([]);
    expect(files.every((f) => /^(package\.json|README\.md|bin\/(wxmock|bundle)\.mjs|dist\/.+)$/.test(f))).toBe(true);
  });

  it('installs into a fresh project offline, with no install-script or other warning to act on', () => {
    expect(install.code, install.out).toBe(0);
    expect(install.out).not.toMatch(/npm warn|npm error|WARN/i);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    // The prebuilt binary, not a compile from source (which leaves its object files and takes minutes).
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/obj.target'))).toBe(false);
  });
});

describe('in the fresh project', () => {
  it("`npx wxmock start --memory` answers, README's curl calls of the control API work against it, and `node --import wxmock/intercept` reaches it as api.weixin.qq.com", async () => {
    const ports = await freeStartPorts(ALL_START_LISTENERS);
    // In a group of its own, the whole group signalled as a terminal's Ctrl-C signals it: npm exec
    // does not pass a SIGTERM on to the command it started, which would keep running and hold the ports.
    const child = spawn('npx', ['wxmock', 'start', '--memory', ...startPortFlags(ports)], { cwd: app, env: cleanEnv(), detached: true });
    const out = childOutput(child);
    try {
      await out.until('Ctrl-C', 30_000);
      const login = await new HttpClient(`http://127.0.0.1:${ports.login}`).get('/login');
      expect(login.status).toBe(200);
      // The pages' scripts are the prebuilt ones of dist/client/, served without esbuild.
      await withoutEsbuild(async () => {
        const served: [number, string, string][] = [
          [ports.login, '/assets/login.js', 'reference-login/client/login.ts'],
          [ports.wechat, '/assets/qr-page.js', 'mock-wechat/client/qr-page.ts'],
          [ports.console, '/assets/console.js', 'console/client/main.ts'],
        ];
        for (const [port, path, source] of served) {
          const res = await new HttpClient(`http://127.0.0.1:${port}`).get(path);
          expect(res.status, path).toBe(200);
          expect(res.raw, path).toBe(readFileSync(join(app, 'node_modules/wxmock/dist', builtClientPath(source)), 'utf8'));
        }
      });
      const wx = (
        await new HttpClient(`http://127.0.0.1:${ports.wechat}`).get(
          '/sns/oauth2/access_token?appid=wx3a1c5e7f9b2d4680&secret=6f1e2d3c4b5a69788796a5b4c3d2e1f0&code=nope&grant_type=authorization_code',
        )
      ).body;
      expect(wx.errcode).toBe(40029);

      // README shows the default ports; this sandbox has free ones.
      const script = readFileSync(join(app, 'control-api.sh'), 'utf8')
        .replaceAll('127.0.0.1:7700', `127.0.0.1:${ports.login}`)
        .replaceAll('127.0.0.1:7701', `127.0.0.1:${ports.wechat}`)
        .replaceAll('127.0.0.1:7702', `127.0.0.1:${ports.sms}`);
      const curl = await run('bash', ['-euo', 'pipefail', '-c', script], app, { timeoutMs: 30_000 });
      expect(curl.code, curl.out).toBe(0);
      const [mobile, callback, smsCode] = curl.stdout.trim().split('\n');
      expect(JSON.parse(mobile!)).toMatchObject({ code: 200, data: { bindId: expect.any(String) } });
      expect(callback).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.login}/auth/callback/wechat_open_web\\?code=\\w+&state=\\w+$`));
      expect(smsCode).toMatch(/^\d{6}$/);

      // The preload from the installed package: the real hostname, answered by this sandbox.
      const probe =
        "const r = await fetch('https://api.weixin.qq.com/sns/oauth2/access_token?appid=wx3a1c5e7f9b2d4680&secret=6f1e2d3c4b5a69788796a5b4c3d2e1f0&code=nope&grant_type=authorization_code'); console.log(await r.text());";
      const viaPreload = await run(process.execPath, ['--import', 'wxmock/intercept', '--input-type=module', '-e', probe], app, {
        timeoutMs: 30_000,
        env: { WXMOCK_INTERCEPT: `http://127.0.0.1:${ports.proxy}` },
      });
      expect(viaPreload.code, viaPreload.out).toBe(0);
      expect(JSON.parse(viaPreload.stdout.trim()), viaPreload.out).toMatchObject({ errcode: 40029 });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    // Stopping what the user started stops the sandbox, not only npx: nothing keeps the ports.
    expect(await closedWithin(ports.login, 10_000), `a process still listens on ${ports.login} after npx exited`).toBe(true);
  }, 60_000);

  it("a plain Node ESM script (README's check-login.mjs) completes a browser WeChat login in Chromium and a mobile-app login", async () => {
    // The QR page and the login page run their prebuilt scripts: nothing is bundled at run time.
    const r = await withoutEsbuild(() => run(process.execPath, ['check-login.mjs'], app, { timeoutMs: 90_000 }));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('browser and mobile-app WeChat logins passed');
  }, 100_000);

  it("Vitest runs README's test/login.test.ts: the same logins plus SMS", async () => {
    const r = await run('npx', ['vitest', 'run'], app, { timeoutMs: 120_000 });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Tests\s+1 passed \(1\)/);
  }, 130_000);

  it('Jest in ESM mode loads the harness and runs a mobile-app login and an SMS login', async () => {
    // Browser steps are the same code under every runner and run above; this is about loading.
    writeFileSync(
      join(app, 'test/login.jest.mjs'),
      [
        "import { afterAll, beforeAll, expect, test } from '@jest/globals';",
        "import { startSandbox } from 'wxmock/harness';",
        '',
        'let s;',
        'beforeAll(async () => { s = await startSandbox(); });',
        'afterAll(() => s.close());',
        '',
        "test('the mobile app, then SMS', async () => {",
        "  const { result } = await s.mobileApp().login('lisi');",
        '  expect(result?.data.bindId).toBeTruthy();',
        '  const since = new Date().toISOString();',
        "  await s.target.api.sendSmsLoginCode('15888888888');",
        "  const code = await s.sms.waitForCode('15888888888', { since });",
        "  expect((await s.target.api.smsLogin({ phonenumber: '15888888888', smsCode: code })).code).toBe(200);",
        '});',
        '',
      ].join('\n'),
    );
    const r = await run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--testMatch', '**/*.jest.mjs'], app, {
      timeoutMs: 90_000,
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 100_000);

  it('tsc type-checks that test and a file using wxmock/control against the published declarations', async () => {
    // Every relative path in the installed declarations names a declaration file that is there.
    const types = join(app, 'node_modules/wxmock/dist/types');
    const dangling: string[] = [];
    for (const f of readdirSync(types, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.d.ts'))) {
      for (const [, spec] of readFileSync(join(types, f), 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)['"](\.[^'"]+)['"]/g)) {
        if (!spec!.endsWith('.js') || !existsSync(join(types, dirname(f), spec!.replace(/\.js$/, '.d.ts')))) dangling.push(`${f}: ${spec}`);
      }
    }
    expect(dangling).toEqual([]);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
          },
          include: ['test'],
        },
        null,
        2,
      ),
    );
    // If the declarations were missing or `any`, the expected error would not come and tsc says so.
    writeFileSync(
      join(app, 'test/control-types.ts'),
      [
        "import { WechatControl, type JournalEntry } from 'wxmock/control';",
        "import type { Sandbox } from 'wxmock/harness';",
        'export async function firstPath(control: WechatControl): Promise<string | undefined> {',
        "  const entries: JournalEntry[] = await control.journal({ path: '/sns/' });",
        '  return entries[0]?.path;',
        '}',
        'export function wrong(s: Sandbox) {',
        '  // @ts-expect-error a persona is named by its id, a string',
        '  return s.mobileApp().login(42);',
        '}',
        '',
      ].join('\n'),
    );
    const r = await run('npx', ['tsc', '-p', '.'], app, { timeoutMs: 90_000 });
    expect(r.code, r.out).toBe(0);
  }, 100_000);

  it.skipIf(!process.features.require_module)(
    'CommonJS require() loads wxmock/harness and wxmock/control (Node 20.19+)',
    async () => {
      writeFileSync(
        join(app, 'require.cjs'),
        [
          "const { startSandbox } = require('wxmock/harness');",
          "const { WechatControl } = require('wxmock/control');",
          'startSandbox().then(async (s) => {',
          "  const { result } = await s.mobileApp().login('lisi');",
          "  const code = await new WechatControl(s.wechatUrl).code('mobile', 'lisi');",
          '  console.log(`cjs: ${result.code} ${typeof result.data.bindId} ${code.length}`);',
          '  await s.close();',
          '});',
          '',
        ].join('\n'),
      );
      const r = await run(process.execPath, ['require.cjs'], app, { timeoutMs: 30_000 });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/^cjs: 200 string 32$/m);
    },
    40_000,
  );

  it('without puppeteer-core the harness still runs HTTP steps, and a browser step names the package to install', async () => {
    writeFileSync(
      join(app, 'no-browser.mjs'),
      [
        "import { startSandbox } from 'wxmock/harness';",
        'const s = await startSandbox();',
        "const { result } = await s.mobileApp().login('lisi');",
        "console.log('http steps:', result.code);",
        'await s.close();',
        'try {',
        '  await startSandbox({ browser: true });',
        '} catch (e) {',
        "  console.log('browser step:', e.message);",
        '}',
        '',
      ].join('\n'),
    );
    const pptr = join(app, 'node_modules/puppeteer-core');
    renameSync(pptr, `${pptr}.aside`);
    try {
      const r = await run(process.execPath, ['no-browser.mjs'], app, { timeoutMs: 30_000 });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('http steps: 200');
      expect(r.out).toMatch(/browser step: .*puppeteer-core.*npm install --save-dev puppeteer-core@24/);
      const doctor = await run('npx', ['wxmock', 'doctor'], app, { timeoutMs: 30_000 });
      expect(doctor.out).toMatch(/MISS\s+puppeteer-core \(browser steps\).*\n\s+fix: npm install --save-dev puppeteer-core@24/);
    } finally {
      renameSync(`${pptr}.aside`, pptr);
    }
  }, 40_000);

  it('`wxmock scenarios` says the pack runs from a checkout', async () => {
    const r = await run('npx', ['wxmock', 'scenarios'], app, { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.out).toContain('runs the scenario pack from a checkout of the wxmock repository');
  }, 40_000);
});
