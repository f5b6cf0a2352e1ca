import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '../core/db.ts';
import { openWechatDb } from '../mock-wechat/db.ts';
import { freePort, freeStartPorts, startPortFlags as portFlags } from '../harness/start-ports.ts';
import { BIN, client, runToEnd, startCli, stop, type Started } from './test-support.ts';
import { fastbeeUiDist, fastbeeUiMissing } from '../fastbee-ui/fixture.ts';

/** curl through the sandbox's proxy to https://api.weixin.qq.com/ trusting `caFile`; resolves with its exit code and output. */
function curlThroughProxy(s: Started, caFile: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-sS', '--max-time', '10', '--proxy', `http://127.0.0.1:${s.ports.proxy}`, '--cacert', caFile, 'https://api.weixin.qq.com/'],
      { encoding: 'utf8' },
      (err, stdout) => resolve({ code: err ? Number((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout }),
    );
  });
}

async function caOf(s: Started): Promise<string> {
  return (await client(s, 'proxy').get('/__wxmock/ca.pem')).raw;
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
    expect((await client(first, 'login').get('/login')).status).toBe(200);
    expect((await client(first, 'sms').get('/__mock/sms/messages')).status).toBe(200);
    const created = await client(first, 'wechat').post('/__mock/personas', { id: 'kept', nickname: '留下' });
    expect(created.status).toBe(201);
    // The CA is made once per data dir, its key readable by the owner only.
    const caDir = join(dir, 'state', 'ca');
    expect(statSync(join(caDir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(caDir).mode & 0o777).toBe(0o700);
    const trusted = join(dir, 'trusted-ca.pem');
    writeFileSync(trusted, await caOf(first));
    expect(readFileSync(trusted, 'utf8')).toBe(readFileSync(join(caDir, 'ca.pem'), 'utf8'));
    expect((await curlThroughProxy(first, trusted)).code).toBe(0);
    expect(out).toContain(`HTTPS proxy   http://127.0.0.1:${first.ports.proxy}`);
    expect(await stop(first)).toBe(0);

    const second = await startCli(dir);
    try {
      const kept = await client(second, 'wechat').get('/__mock/personas/kept');
      expect(kept.status).toBe(200);
      expect(kept.body.nickname).toBe('留下');
      // A client that trusted the CA before the restart still does.
      expect(await caOf(second)).toBe(readFileSync(trusted, 'utf8'));
      const again = await curlThroughProxy(second, trusted);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).service).toBe('wxmock mock-wechat');
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
      const wechat = client(guarded, 'wechat');
      expect((await wechat.get('/__mock/world')).status).toBe(401);
      expect((await wechat.get('/__mock/world', { headers: { 'x-wxmock-token': 's3cret' } })).status).toBe(200);
    } finally {
      await stop(guarded);
    }
  });

  it('seeds from wxmock.config.json and applies its options', async () => {
    const cfgDir = mkdtempSync(join(tmpdir(), 'wxmock-cfg-'));
    writeFileSync(
      join(cfgDir, 'wxmock.config.json'),
      JSON.stringify({
        wechat: { world: { personas: [{ id: 'alice', nickname: '爱丽丝' }] }, options: { refusal: 'none' } },
        sms: { options: { flowControl: false } },
      }),
    );
    const s = await startCli(cfgDir, ['--memory']);
    let memoryCaDir = '';
    try {
      // --memory: a throwaway CA, not the data dir's, in a folder that goes with the sandbox.
      const ca = await caOf(s);
      expect(ca).toContain('BEGIN CERTIFICATE');
      expect(existsSync(join(cfgDir, 'state', 'ca'))).toBe(false);
      memoryCaDir = /CA +(\S+)\/ca\.pem/.exec(s.output())![1]!;
      expect(readFileSync(join(memoryCaDir, 'ca.pem'), 'utf8')).toBe(ca);
      expect(ca).not.toBe(readFileSync(join(dir, 'state', 'ca', 'ca.pem'), 'utf8'));
      const wechat = client(s, 'wechat');
      expect((await wechat.get('/__mock/personas')).body.personas.map((p: { id: string }) => p.id)).toEqual(['alice']);
      expect((await wechat.get('/__mock/options')).body.refusal).toBe('none');
      expect((await client(s, 'sms').get('/__mock/sms/options')).body.flowControl).toBe(false);
    } finally {
      await stop(s);
      rmSync(cfgDir, { recursive: true, force: true });
    }
    expect(existsSync(memoryCaDir)).toBe(false);
  });
});

describe('wxmock trust / hosts', () => {
  it("trust prints the CA and each runtime's line, writes PEM, DER and a JVM truststore with --out, and installs nothing without --system", () => {
    const d = mkdtempSync(join(tmpdir(), 'wxmock-trust-'));
    try {
      const out = execFileSync(process.execPath, [BIN, 'trust', '--data-dir', join(d, 'state'), '--out', join(d, 'trust'), '--password', 'sandbox-pw'], {
        encoding: 'utf8',
      });
      const pem = readFileSync(join(d, 'state', 'ca', 'ca.pem'), 'utf8');
      expect(out).toContain(pem.trim());
      expect(readFileSync(join(d, 'trust', 'wxmock-ca.pem'), 'utf8')).toBe(pem);
      expect(readFileSync(join(d, 'trust', 'wxmock-ca.der'))[0]).toBe(0x30);
      expect(out).toContain(`NODE_EXTRA_CA_CERTS=${join(d, 'trust', 'wxmock-ca.pem')}`);
      expect(out).toContain(`-Djavax.net.ssl.trustStore=${join(d, 'trust', 'wxmock-truststore.p12')} -Djavax.net.ssl.trustStorePassword=sandbox-pw`);
      expect(out).toContain('update-ca-certificates; only with --system');
      expect(statSync(join(d, 'state', 'ca', 'ca-key.pem')).mode & 0o777).toBe(0o600);
      // A second run keeps the same CA.
      execFileSync(process.execPath, [BIN, 'trust', '--data-dir', join(d, 'state')], { encoding: 'utf8' });
      expect(readFileSync(join(d, 'state', 'ca', 'ca.pem'), 'utf8')).toBe(pem);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('hosts prints one /etc/hosts line per intercepted name', () => {
    const out = execFileSync(process.execPath, [BIN, 'hosts', '--ip', '10.0.0.5'], { encoding: 'utf8' });
    expect(out).toMatch(/^10\.0\.0\.5 api\.weixin\.qq\.com$/m);
    expect(out).toMatch(/^10\.0\.0\.5 sms\.tencentcloudapi\.com$/m);
    expect(out).toMatch(/^10\.0\.0\.5 dysmsapi\.aliyuncs\.com$/m);
  });
});

describe('wxmock start: one sandbox per data dir, and ports that are taken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lockFile = join(dir, 'state', 'wxmock.lock');

  it('refuses a second start on the same data dir, naming the running one; takes over the lock a kill -9 left; removes it on exit', async () => {
    const first = await startCli(dir);
    const loginPage = `http://127.0.0.1:${first.ports.login}/login`;
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: first.child.pid, urls: { login: loginPage } });

    const second = await runToEnd(dir, ['start', '--data-dir', join(dir, 'state'), ...portFlags(await freeStartPorts(['login', 'wechat', 'sms', 'console']))]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('in use by another wxmock');
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toContain(loginPage);
    expect(second.stderr).toMatch(/--data-dir[\s\S]*--memory/);
    expect(second.stdout).not.toContain('Ctrl-C');
    // The running one kept its state files to itself and still answers.
    expect((await client(first, 'login').get('/login')).status).toBe(200);

    const imported = await runToEnd(dir, ['import', join(dir, 'nothing.json'), '--data-dir', join(dir, 'state')]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('in use by a running wxmock');

    const killed = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await killed;
    expect(existsSync(lockFile)).toBe(true); // left behind, stale

    const third = await startCli(dir);
    expect(third.output()).toContain(`took over the lock of ${join(dir, 'state')} from pid ${first.child.pid}`);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(third.child.pid);
    expect(await stop(third)).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('a busy console port: the message names --console-port and the wxmock that holds it, before opening any state', async () => {
    const running = await startCli(dir);
    try {
      const ports = { login: await freePort(), wechat: await freePort(), sms: await freePort(), console: running.ports.console };
      // --memory: no lock of its own, so the ports decide; the running sandbox is found by its data dir's lock.
      const r = await runToEnd(dir, ['start', '--memory', '--data-dir', join(dir, 'state'), ...portFlags(ports)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${running.ports.console} \\(--console-port, the console\\): in use`));
      expect(r.stderr).not.toMatch(/--(login|wechat|sms)-port/);
      expect(r.stderr).toContain(`Another wxmock is running (pid ${running.child.pid}`);
      expect(r.stderr).toContain(`http://127.0.0.1:${running.ports.login}/login`);
      expect(r.stderr).toContain(`npm start -- --console-port ${running.ports.console + 100}`);
    } finally {
      await stop(running);
    }
  });

  it('a port held by something else: every busy port is named with its flag, and another wxmock is the likely cause', async () => {
    const holders = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<ReturnType<typeof createServer>>((resolve) => {
            const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    const [wechat, login] = holders.map((h) => (h.address() as { port: number }).port);
    try {
      const r = await runToEnd(dir, [
        'start',
        '--memory',
        '--data-dir',
        join(dir, 'other'),
        ...portFlags({ login: login!, wechat: wechat!, sms: await freePort(), console: await freePort() }),
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${wechat} (--wechat-port, mock WeChat): in use`);
      expect(r.stderr).toContain(`${login} (--login-port, the reference login system): in use`);
      expect(r.stderr).toContain('Another wxmock is probably running');
      expect(r.stderr).toMatch(new RegExp(`ss -ltnp 'sport = :(${wechat}|${login})'`));
    } finally {
      for (const h of holders) h.close();
    }
  });
});

const noFastbee = fastbeeUiMissing();
describe("wxmock start with FastBee's web UI", () => {
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

  it.skipIf(!!noFastbee)(
    `login.fastbeeUi serves the UI on its own port, /prod-api/ to reference-login, WeChat rows pointed at it${noFastbee ? ` (skipped: ${noFastbee})` : ''}`,
    async () => {
      const cfgDir = mkdtempSync(join(tmpdir(), 'wxmock-fbui-'));
      writeFileSync(join(cfgDir, 'wxmock.config.json'), JSON.stringify({ login: { fastbeeUi: fastbeeUiDist() } }));
      const s = await startCli(cfgDir, ['--memory']);
      try {
        const ui = `http://127.0.0.1:${s.ports.fastbeeUi}`;
        expect(s.output()).toContain(`Open ${ui}/login`);
        const http = client(s, 'fastbeeUi');
        const page = await http.get('/user/profile', { redirect: 'follow' });
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.raw).toContain('FastBee');
        expect((await http.get('/prod-api/app/language/list', { redirect: 'follow' })).body).toMatchObject({ code: 200, total: 3 });
        const render = await http.get('/prod-api/auth/render/wechat_open_web');
        expect(new URL(render.location!).searchParams.get('redirect_uri')).toBe(`${ui}/prod-api/auth/callback/wechat_open_web`);
        // reference-login's own pages stay where they were.
        expect((await client(s, 'login').get('/login', { redirect: 'follow' })).raw).toContain('data-testid="wechat-login"');
      } finally {
        await stop(s);
        rmSync(cfgDir, { recursive: true, force: true });
      }
    },
  );
});

describe('wxmock export / import / doctor', () => {
  it('exports a sandbox state to JSON and imports it into another data dir', async () => {
    const a = mkdtempSync(join(tmpdir(), 'wxmock-exp-'));
    const b = mkdtempSync(join(tmpdir(), 'wxmock-imp-'));
    try {
      const s = await startCli(a);
      await client(s, 'wechat').post('/__mock/personas', { id: 'exported', nickname: '导出' });
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
        expect((await client(t, 'wechat').get('/__mock/personas/exported')).status).toBe(200);
      } finally {
        await stop(t);
      }
      expect(() => execFileSync(process.execPath, [BIN, 'import', join(a, 'missing.json')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('imports all or nothing: when one part of the file is refused, no database changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmock-imp-'));
    try {
      const file = join(dir, 'state.json');
      execFileSync(process.execPath, [BIN, 'export', '--data-dir', join(dir, 'state'), '--out', file]);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      doc.wechat.tables.settings.push({ key: 'half-imported', value: 'yes' });
      doc.login.schema = 999;
      writeFileSync(file, JSON.stringify(doc));
      let stderr = '';
      try {
        execFileSync(process.execPath, [BIN, 'import', file, '--data-dir', join(dir, 'state')], { stdio: 'pipe' });
      } catch (e) {
        stderr = String((e as { stderr?: Buffer }).stderr);
      }
      expect(stderr).toContain('login: state export has schema 999');
      const db = openWechatDb(join(dir, 'state', 'wechat.db'));
      try {
        expect(db.prepare("SELECT value FROM settings WHERE key = 'half-imported'").get()).toBeUndefined();
      } finally {
        closeDatabase(db);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('doctor finds Node, SQLite, Chromium and the fonts on this machine', () => {
    const out = execFileSync(process.execPath, [BIN, 'doctor'], { encoding: 'utf8' });
    expect(out).toMatch(/^ok +Node\.js >= 20/m);
    expect(out).toMatch(/^ok +better-sqlite3/m);
    expect(out).toMatch(/^ok +Chromium/m);
  });
});
