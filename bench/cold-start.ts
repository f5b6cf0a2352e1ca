import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freshBundle } from '../bin/bundle.mjs';
import { ALL_START_LISTENERS, freePort, freeStartPorts, startPortFlags } from '../harness/start-ports.ts';
import { ROOT } from './child.ts';
import { median } from './load.ts';

export interface ColdStartFigure {
  key: 'wxmock' | 'wxmock-source' | 'oauth2';
  label: string;
  command: string;
  runs: number[];
  medianMs: number;
  minMs: number;
}

/** Polls `url` until it answers at all (any HTTP status); resolves with the time it did. */
async function firstAnswer(url: string, deadline: number): Promise<number> {
  for (;;) {
    try {
      await (await fetch(url, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
      return performance.now();
    } catch {
      if (performance.now() > deadline) throw new Error(`no answer from ${url}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Spawns a server command, times spawn → first answered request on `probe`, then stops it. */
async function once(args: string[], probe: string, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return (await firstAnswer(probe, started + 30_000)) - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Cold start, side by side: `wxmock start --memory` (every service answering) as `npm ci` leaves
 * it (the compiled dist/) and from the TypeScript sources (tsx, as after an edit), against
 * oauth2-mock-server's CLI, alternating, `runs` times each.
 */
export async function measureColdStart(runs: number, log: (s: string) => void): Promise<ColdStartFigure[]> {
  if (!freshBundle(ROOT)) {
    log('  dist/ is missing or older than the sources: npm run build');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  }
  const wx: number[] = [];
  const src: number[] = [];
  const oa: number[] = [];
  const oauthCli = join('node_modules', 'oauth2-mock-server', 'dist', 'oauth2-mock-server.mjs');
  for (let i = 0; i < runs; i++) {
    const listeners = await freeStartPorts(ALL_START_LISTENERS);
    const ports = startPortFlags(listeners);
    const con = listeners.console;
    // The console starts last: its answer means every service is up.
    wx.push(await once(['bin/wxmock.mjs', 'start', '--memory', ...ports], `http://127.0.0.1:${con}/`));
    const port = await freePort();
    oa.push(await once([oauthCli, '-a', '127.0.0.1', '-p', String(port)], `http://127.0.0.1:${port}/.well-known/openid-configuration`));
    src.push(await once(['bin/wxmock.mjs', 'start', '--memory', ...ports], `http://127.0.0.1:${con}/`, { WXMOCK_FROM_SOURCE: '1' }));
    log(`  run ${i + 1}/${runs}: wxmock start ${Math.round(wx[i]!)} ms (from source ${Math.round(src[i]!)} ms), oauth2-mock-server ${Math.round(oa[i]!)} ms`);
  }
  return [
    {
      key: 'wxmock',
      label: 'wxmock start --memory (all services; compiled dist/, as after npm ci)',
      command: 'node bin/wxmock.mjs start --memory --login-port … --wechat-port … --sms-port … --console-port …',
      runs: wx,
      medianMs: median(wx),
      minMs: Math.min(...wx),
    },
    {
      key: 'wxmock-source',
      label: 'the same from the TypeScript sources (tsx; dist/ stale after an edit)',
      command: 'WXMOCK_FROM_SOURCE=1 node bin/wxmock.mjs start --memory …',
      runs: src,
      medianMs: median(src),
      minMs: Math.min(...src),
    },
    {
      key: 'oauth2',
      label: 'oauth2-mock-server CLI',
      command: 'node node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs -a 127.0.0.1 -p …',
      runs: oa,
      medianMs: median(oa),
      minMs: Math.min(...oa),
    },
  ];
}
