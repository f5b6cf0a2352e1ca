import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, ROOT } from './child.ts';
import { median } from './load.ts';

export interface ColdStartFigure {
  key: 'wxmock' | 'oauth2';
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
async function once(args: string[], probe: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return (await firstAnswer(probe, started + 30_000)) - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Cold start, side by side: `wxmock start --memory` (every service answering) against
 * oauth2-mock-server's CLI, alternating, `runs` times each.
 */
export async function measureColdStart(runs: number, log: (s: string) => void): Promise<ColdStartFigure[]> {
  const wx: number[] = [];
  const oa: number[] = [];
  const oauthCli = join('node_modules', 'oauth2-mock-server', 'dist', 'oauth2-mock-server.mjs');
  for (let i = 0; i < runs; i++) {
    const [login, wechat, sms, con] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const ports = ['--login-port', String(login), '--wechat-port', String(wechat), '--sms-port', String(sms), '--console-port', String(con)];
    // The console starts last: its answer means every service is up.
    wx.push(await once(['bin/wxmock.mjs', 'start', '--memory', ...ports], `http://127.0.0.1:${con}/`));
    const port = await freePort();
    oa.push(await once([oauthCli, '-a', '127.0.0.1', '-p', String(port)], `http://127.0.0.1:${port}/.well-known/openid-configuration`));
    log(`  run ${i + 1}/${runs}: wxmock start ${Math.round(wx[i]!)} ms, oauth2-mock-server ${Math.round(oa[i]!)} ms`);
  }
  return [
    { key: 'wxmock', label: 'wxmock start --memory (all services)', command: 'node bin/wxmock.mjs start --memory --login-port … --wechat-port … --sms-port … --console-port …', runs: wx, medianMs: median(wx), minMs: Math.min(...wx) },
    { key: 'oauth2', label: 'oauth2-mock-server CLI', command: 'node node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs -a 127.0.0.1 -p …', runs: oa, medianMs: median(oa), minMs: Math.min(...oa) },
  ];
}
