import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'wxmock.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI; a run that outlives `timeoutMs` (a sandbox that started) is killed and fails. */
function wxmock(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; command?: string[] } = {}): Promise<Run> {
  const [cmd, ...pre] = opts.command ?? [process.execPath, BIN];
  const child = spawn(cmd!, [...pre, ...args], { cwd: ROOT, env: { ...process.env, ...opts.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Ports held by this file: every `start` here is pointed at them, so a `start` that tried to listen
 * would fail on them instead of running on the default ports of this machine.
 */
const held: Server[] = [];
let portFlags: string[] = [];
beforeAll(async () => {
  const ports: number[] = [];
  for (let i = 0; i < 4; i++) {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    held.push(s);
    ports.push((s.address() as { port: number }).port);
  }
  portFlags = [
    '--login-port',
    String(ports[0]),
    '--wechat-port',
    String(ports[1]),
    '--sms-port',
    String(ports[2]),
    '--console-port',
    String(ports[3]),
    '--memory',
  ];
});
afterAll(() => {
  for (const s of held) s.close();
});

describe("--help prints the command's help and exits 0 without listening", () => {
  it('start --help and -h: the flags of start, no sandbox', async () => {
    for (const help of ['--help', '-h']) {
      const r = await wxmock(['start', ...portFlags, help]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('wxmock start');
      for (const flag of [
        '--login-port',
        '--wechat-port',
        '--sms-port',
        '--console-port',
        '--data-dir',
        '--memory',
        '--config',
        '--control-token',
        '--public-host',
        '--host',
      ])
        expect(r.stdout).toContain(flag);
      expect(r.stdout).toContain('npm start -- ');
      expect(r.stdout + r.stderr).not.toMatch(/Ctrl-C|in use/);
    }
  });

  it('scenarios, doctor, export and import --help each print their own flags', async () => {
    const [scn, doc, exp, imp] = await Promise.all([
      wxmock(['scenarios', '--help']),
      wxmock(['doctor', '--help']),
      wxmock(['export', '--help']),
      wxmock(['import', '--help']),
    ]);
    for (const r of [scn, doc, exp, imp]) expect(r.code, r.stderr).toBe(0);
    expect(scn.stdout).toContain('--only');
    expect(scn.stdout).toContain('--target-url');
    expect(scn.stdout).not.toContain('--login-port');
    expect(doc.stdout).toContain('wxmock doctor');
    expect(doc.stdout).not.toMatch(/^(ok|MISS) /m); // the help, not the checks
    expect(exp.stdout).toContain('--out');
    expect(imp.stdout).toMatch(/wxmock import .*FILE/);
  });

  it('wxmock --help, wxmock help, wxmock help start and a bare wxmock exit 0', async () => {
    const [flag, word, bare, topic] = await Promise.all([wxmock(['--help']), wxmock(['help']), wxmock([]), wxmock(['help', 'start'])]);
    for (const r of [flag, word, bare]) {
      expect(r.code, r.stderr).toBe(0);
      for (const c of ['start', 'scenarios', 'doctor', 'export', 'import']) expect(r.stdout).toContain(`wxmock ${c}`);
    }
    expect(topic.code).toBe(0);
    expect(topic.stdout).toContain('--console-port');
  });
});

describe('unknown and mistyped flags exit 2 and name the closest valid flag', () => {
  it('start --port 8000 names the port flags', async () => {
    const r = await wxmock(['start', ...portFlags, '--port', '8000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag --port');
    expect(r.stderr).toContain('--login-port');
    expect(r.stdout + r.stderr).not.toMatch(/Ctrl-C|in use/);
  });

  it('start --memroy: did you mean --memory', async () => {
    const r = await wxmock(['start', ...portFlags, '--memroy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flag --memroy.*--memory/);
  });

  it('scenarios --onyl DCloud: did you mean --only (and no scenario runs)', async () => {
    const r = await wxmock(['scenarios', '--onyl', 'DCloud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flag --onyl.*--only/);
  });

  it('export --dta-dir: did you mean --data-dir; an unknown command names the closest command', async () => {
    const [exp, cmd] = await Promise.all([wxmock(['export', '--dta-dir', 'x']), wxmock(['strat'])]);
    expect(exp.code).toBe(2);
    expect(exp.stderr).toMatch(/--data-dir/);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command strat.*start/);
  });

  it('start --login-port abc and an out-of-range port are validation errors, reported before any port is tried', async () => {
    const [abc, big, clash] = await Promise.all([
      wxmock(['start', ...portFlags, '--login-port', 'abc']),
      wxmock(['start', ...portFlags, '--console-port', '70000']),
      wxmock(['start', ...portFlags, '--sms-port', '17001', '--console-port', '17001']),
    ]);
    expect(abc.code).toBe(2);
    expect(abc.stderr).toMatch(/--login-port.*"abc".*port number/);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--console-port.*"70000"/);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--sms-port and --console-port are both 17001/);
    for (const r of [abc, big, clash]) expect(r.stderr).not.toMatch(/in use/);
  });

  it('`npm start --login-port 8000` (npm keeps the flag) says to write `npm start -- --login-port 8000`', async () => {
    // Real npm: it takes --login-port for itself and hands the script only "8000".
    const rest = portFlags.slice(2); // all but --login-port: that one npm takes
    const r = await wxmock(['start', '--login-port', '8000', '--', ...rest], { command: ['npm', '--silent'], timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm start -- --login-port 8000');
  });
});
