import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWechatDb } from '../mock-wechat/db.ts';
import { BIN, startCli, stop } from './test-support.ts';

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
        db.close();
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
