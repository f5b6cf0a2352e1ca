import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { childOutput } from '../core/child-output.ts';
import { HttpClient } from '../core/http-client.ts';
import { ALL_START_LISTENERS, freeStartPorts, startPortFlags } from '../harness/start-ports.ts';

/** Test support for the CLI tests: `wxmock start` in a child process on free ports. */

export const BIN = join(__dirname, '..', 'bin', 'wxmock.mjs');

export interface Started {
  child: ChildProcess;
  output: () => string;
  ports: Record<string, number>;
}

// A failed assertion must not leave a sandbox running after the file.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A test client of one of a started sandbox's services. */
export function client(s: Started, service: string): HttpClient {
  return new HttpClient(`http://127.0.0.1:${s.ports[service]}`);
}

/** Starts `wxmock start` with its state in `dir`/state on free ports and resolves once its banner is printed. */
export async function startCli(dir: string, extra: string[] = []): Promise<Started> {
  const ports = await freeStartPorts([...ALL_START_LISTENERS, 'fastbeeUi']);
  const child = spawn(process.execPath, [BIN, 'start', '--data-dir', join(dir, 'state'), ...startPortFlags(ports), ...extra], { cwd: dir });
  children.push(child);
  const out = childOutput(child);
  await out.until('Ctrl-C');
  return { child, output: out.text, ports };
}

/** Runs a `wxmock` that is expected to end by itself (a refused start); its exit code and output. */
export function runToEnd(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGTERM, resolving with the exit code. */
export function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}
