import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fastbeeUiDist, fastbeeUiMissing } from '../fastbee-ui/fixture.ts';

const BIN = join(__dirname, '..', 'bin', 'wxmock.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started { child: ChildProcess; output: () => string; ports: Record<string, number> }

// A failed assertion must not leave a sandbox running after the file.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `wxmock start` on free ports and resolves once its banner is printed. */
async function startCli(dir: string, extra: string[] = []): Promise<Started> {
  const ports = { login: await freePort(), wechat: await freePort(), sms: await freePort(), console: await freePort(), fastbeeUi: await freePort() };
  const child = spawn(process.execPath, [BIN, 'start', '--data-dir', join(dir, 'state'), '--login-port', String(ports.login), '--wechat-port', String(ports.wechat), '--sms-port', String(ports.sms), '--console-port', String(ports.console), '--fastbee-ui-port', String(ports.fastbeeUi), ...extra], { cwd: dir });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
    child.stdout!.on('data', () => out.includes('Ctrl-C') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${out}`))));
  });
  return { child, output: () => out, ports };
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

describe('wxmock start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts all four services, prints the login page, the appids and secrets, and keeps state across restarts', async () => {
    const first = await startCli(dir);
    const out = first.output();
    expect(out).toContain(`http://127.0.0.1:${first.ports.login}/login`);
    expect(out).toMatch(/web\s+web\s+appid wx3a1c5e7f9b2d4680\s+secret 6f1e2d3c4b5a69788796a5b4c3d2e1f0/);
    expect(out).toContain(`http://127.0.0.1:${first.ports.console}`);
    const wechat = `http://127.0.0.1:${first.ports.wechat}`;
    expect((await fetch(`http://127.0.0.1:${first.ports.login}/login`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${first.ports.sms}/__mock/sms/messages`)).status).toBe(200);
    const created = await fetch(`${wechat}/__mock/personas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'kept', nickname: '留下' }) });
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await startCli(dir);
    try {
      const kept = await fetch(`http://127.0.0.1:${second.ports.wechat}/__mock/personas/kept`);
      expect(kept.status).toBe(200);
      expect((await kept.json()).nickname).toBe('留下');
    } finally {
      await stop(second);
    }
  });

  it('refuses a non-loopback --host without --control-token, and requires the token when given', async () => {
    const refused = spawn(process.execPath, [BIN, 'start', '--host', '0.0.0.0', '--memory'], { cwd: dir });
    let err = '';
    refused.stderr!.on('data', (d) => (err += d));
    expect(await new Promise((resolve) => refused.on('exit', resolve))).toBe(2);
    expect(err).toContain('--control-token');

    const guarded = await startCli(dir, ['--memory', '--host', '0.0.0.0', '--control-token', 's3cret']);
    try {
      const url = `http://127.0.0.1:${guarded.ports.wechat}/__mock/world`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { 'x-wxmock-token': 's3cret' } })).status).toBe(200);
    } finally {
      await stop(guarded);
    }
  });

  it('seeds from wxmock.config.json and applies its options', async () => {
    const cfgDir = mkdtempSync(join(tmpdir(), 'wxmock-cfg-'));
    writeFileSync(join(cfgDir, 'wxmock.config.json'), JSON.stringify({ wechat: { world: { personas: [{ id: 'alice', nickname: '爱丽丝' }] }, options: { refusal: 'none' } }, sms: { options: { flowControl: false } } }));
    const s = await startCli(cfgDir, ['--memory']);
    try {
      const wechat = `http://127.0.0.1:${s.ports.wechat}`;
      expect((await (await fetch(`${wechat}/__mock/personas`)).json()).personas.map((p: { id: string }) => p.id)).toEqual(['alice']);
      expect((await (await fetch(`${wechat}/__mock/options`)).json()).refusal).toBe('none');
      expect((await (await fetch(`http://127.0.0.1:${s.ports.sms}/__mock/sms/options`)).json()).flowControl).toBe(false);
    } finally {
      await stop(s);
      rmSync(cfgDir, { recursive: true, force: true });
    }
  });
});

const noFastbee = fastbeeUiMissing();
describe('wxmock start with FastBee\'s web UI', () => {
  it('refuses a --fastbee-ui folder without index.html', () => {
    const empty = mkdtempSync(join(tmpdir(), 'wxmock-noui-'));
    try {
      let err = '';
      try {
        execFileSync(process.execPath, [BIN, 'start', '--memory', '--fastbee-ui', empty], { stdio: 'pipe', encoding: 'utf8' });
      } catch (e) {
        err = String((e as { stderr: string }).stderr);
        expect((e as { status: number }).status).toBe(2);
      }
      expect(err).toContain('no index.html');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.skipIf(!!noFastbee)(`login.fastbeeUi serves the UI on its own port, /prod-api/ to reference-login, WeChat rows pointed at it${noFastbee ? ` (skipped: ${noFastbee})` : ''}`, async () => {
    const cfgDir = mkdtempSync(join(tmpdir(), 'wxmock-fbui-'));
    writeFileSync(join(cfgDir, 'wxmock.config.json'), JSON.stringify({ login: { fastbeeUi: fastbeeUiDist() } }));
    const s = await startCli(cfgDir, ['--memory']);
    try {
      const ui = `http://127.0.0.1:${s.ports.fastbeeUi}`;
      expect(s.output()).toContain(`Open ${ui}/login`);
      const page = await fetch(`${ui}/user/profile`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('FastBee');
      expect(await (await fetch(`${ui}/prod-api/app/language/list`)).json()).toMatchObject({ code: 200, total: 3 });
      const render = await fetch(`${ui}/prod-api/auth/render/wechat_open_web`, { redirect: 'manual' });
      expect(new URL(render.headers.get('location')!).searchParams.get('redirect_uri')).toBe(`${ui}/prod-api/auth/callback/wechat_open_web`);
      // reference-login's own pages stay where they were.
      expect(await (await fetch(`http://127.0.0.1:${s.ports.login}/login`)).text()).toContain('data-testid="wechat-login"');
    } finally {
      await stop(s);
      rmSync(cfgDir, { recursive: true, force: true });
    }
  });
});

describe('wxmock export / import / doctor', () => {
  it('exports a sandbox state to JSON and imports it into another data dir', async () => {
    const a = mkdtempSync(join(tmpdir(), 'wxmock-exp-'));
    const b = mkdtempSync(join(tmpdir(), 'wxmock-imp-'));
    try {
      const s = await startCli(a);
      await fetch(`http://127.0.0.1:${s.ports.wechat}/__mock/personas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'exported', nickname: '导出' }) });
      await stop(s);
      const file = join(a, 'state.json');
      execFileSync(process.execPath, [BIN, 'export', '--data-dir', join(a, 'state'), '--out', file]);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      expect(doc.format).toBe('wxmock-sandbox');
      expect(Object.keys(doc)).toEqual(expect.arrayContaining(['wechat', 'sms', 'login']));
      expect(JSON.stringify(doc.wechat.tables.personas)).toContain('exported');

      execFileSync(process.execPath, [BIN, 'import', file, '--data-dir', join(b, 'state')]);
      const t = await startCli(b);
      try {
        expect((await fetch(`http://127.0.0.1:${t.ports.wechat}/__mock/personas/exported`)).status).toBe(200);
      } finally {
        await stop(t);
      }
      expect(() => execFileSync(process.execPath, [BIN, 'import', join(a, 'missing.json')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('doctor finds Node, SQLite, Chromium and the fonts on this machine', () => {
    const out = execFileSync(process.execPath, [BIN, 'doctor'], { encoding: 'utf8' });
    expect(out).toMatch(/^ok +Node\.js >= 20/m);
    expect(out).toMatch(/^ok +better-sqlite3/m);
    expect(out).toMatch(/^ok +Chromium/m);
  });
});
