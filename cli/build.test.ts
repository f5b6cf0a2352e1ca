import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freshBundle } from '../bin/bundle.mjs';
import { childOutput } from '../core/child-output.ts';
import { HttpClient } from '../core/http-client.ts';
import { freeStartPorts, startPortFlags } from '../harness/start-ports.ts';

const ROOT = join(__dirname, '..');

describe('bin/wxmock.mjs: which code it runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'wxmock-bundle-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => {
    delete process.env.WXMOCK_FROM_SOURCE;
  });

  const touch = (rel: string, seconds: number) => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '');
    utimesSync(p, seconds, seconds);
  };

  it('in a checkout, runs dist/ only while it is newer than every source file, package.json and tsconfig.json', () => {
    touch('cli/main.ts', 1000);
    expect(freshBundle(root)).toBeUndefined(); // nothing built
    touch('package.json', 1000);
    touch('mock-wechat/api/sns.ts', 1000);
    touch('mock-wechat/api/sns.test.ts', 5000); // tests are not part of the CLI
    touch('dist/main.js', 2000);
    expect(freshBundle(root)).toBe(join(root, 'dist', 'main.js'));
    touch('mock-wechat/api/sns.ts', 3000); // an edit after the build
    expect(freshBundle(root)).toBeUndefined();
    touch('dist/main.js', 4000);
    expect(freshBundle(root)).toBe(join(root, 'dist', 'main.js'));
    touch('tsconfig.json', 4500);
    expect(freshBundle(root)).toBeUndefined();
  });

  it('in the installed package (dist/ without sources) always runs dist/, whatever the file times', () => {
    const installed = join(root, 'installed');
    mkdirSync(join(installed, 'dist'), { recursive: true });
    expect(freshBundle(installed)).toBeUndefined(); // not built: nothing to run
    // npm gives every file of a tarball the same time, so "newer than package.json" cannot hold.
    for (const f of ['package.json', 'dist/main.js']) {
      writeFileSync(join(installed, f), '');
      utimesSync(join(installed, f), 499162500, 499162500);
    }
    expect(freshBundle(installed)).toBe(join(installed, 'dist', 'main.js'));
    process.env.WXMOCK_FROM_SOURCE = '1'; // no sources to run
    expect(freshBundle(installed)).toBe(join(installed, 'dist', 'main.js'));
  });

  it('WXMOCK_FROM_SOURCE makes a checkout run the TypeScript whatever dist/ holds', () => {
    touch('dist/main.js', 9000);
    expect(freshBundle(root)).toBe(join(root, 'dist', 'main.js'));
    process.env.WXMOCK_FROM_SOURCE = '1';
    expect(freshBundle(root)).toBeUndefined();
  });
});

describe('scripts/build.mjs', () => {
  // Inside the package, so the built chunks resolve its node_modules the way dist/ does.
  const out = mkdtempSync(join(ROOT, '.build-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds a CLI that starts the whole sandbox, and keeps puppeteer and Vitest out of `start`', async () => {
    // JavaScript only: the declarations are the packaging test's (scripts/pack.test.ts).
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outdir', out, '--js-only'], { cwd: ROOT, stdio: 'pipe' });
    const ports = await freeStartPorts(['login', 'wechat', 'sms', 'console']);
    // What bin/wxmock.mjs does with a fresh dist/: import main.js and run main() with the arguments.
    const launch = `const { main } = await import(${JSON.stringify(pathToFileURL(join(out, 'main.js')).href)}); process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', launch, 'start', '--memory', ...startPortFlags(ports)], { cwd: ROOT });
    const output = childOutput(child);
    try {
      await output.until('Ctrl-C');
      expect(output.text()).toContain(`http://127.0.0.1:${ports.login}/login`);
      const login = await new HttpClient(`http://127.0.0.1:${ports.login}`).get('/login');
      expect(login.status).toBe(200);
      expect(login.raw).toContain('data-testid');
      const wx = (
        await new HttpClient(`http://127.0.0.1:${ports.wechat}`).get(
          '/sns/oauth2/access_token?appid=wx3a1c5e7f9b2d4680&secret=6f1e2d3c4b5a69788796a5b4c3d2e1f0&code=nope&grant_type=authorization_code',
        )
      ).body;
      expect(wx.errcode).toBe(40029);
      expect((await new HttpClient(`http://127.0.0.1:${ports.console}`).get('/')).status).toBe(200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    const { readdirSync, readFileSync } = await import('node:fs');
    const startChunks = readdirSync(out).filter((f) => f.endsWith('.js') && !f.startsWith('scenarios-') && !f.startsWith('doctor-'));
    for (const f of startChunks) expect(readFileSync(join(out, f), 'utf8')).not.toMatch(/from "(puppeteer-core|vitest\/node)"/);
    // wxmock/control is HTTP clients only: what it loads statically names no package at all.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      for (const [, spec] of readFileSync(join(out, file), 'utf8').matchAll(/(?:^|\n)(?:import|export)[^"]*?from\s*"([^"]+)"|(?:^|\n)import\s*"([^"]+)"/g)) {
        if (!spec) continue;
        if (spec.startsWith('./')) {
          if (!loaded.has(spec)) {
            loaded.add(spec);
            visit(spec.slice(2));
          }
        } else loaded.add(spec);
      }
    };
    visit('control.js');
    expect([...loaded].filter((s) => !s.startsWith('./') && !s.startsWith('node:'))).toEqual([]);
    expect([...loaded].some((s) => s.startsWith('./chunk-'))).toBe(true);
  }, 60_000);
});
