import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ready, ServerKind } from './server.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A server under test in its own process, steered over IPC. */
export interface BenchServer extends Ready {
  kind: ServerKind;
  pid: number;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts bench/server.ts as a child process and waits for it to listen. `root` may name another
 * checkout of wxmock (with this bench/ copied in) to measure its code side by side with this one.
 */
export function startServer(kind: ServerKind, dbFile = ':memory:', root = ROOT): Promise<BenchServer> {
  const child: ChildProcess = fork(join(root, 'bench', 'server.ts'), [kind, dbFile], {
    cwd: root,
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers under load.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      reject(new Error(`bench server ${kind} exited (${code}) before it listened`));
      for (const p of pending.values()) p.reject(new Error(`bench server ${kind} exited`));
    };
    child.once('exit', onExit);
    child.on('message', (m: { type?: string; ready?: Ready; id?: number; result?: unknown; error?: string }) => {
      if (m.type === 'ready') {
        const call = <T>(cmd: string, args?: Record<string, unknown>) =>
          new Promise<T>((res, rej) => {
            const id = ++seq;
            pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
            child.send({ id, cmd, args });
          });
        resolve({
          ...m.ready!,
          kind,
          pid: child.pid!,
          call,
          rss: () => call<number>('rss'),
          stop: () =>
            new Promise<void>((done) => {
              child.off('exit', onExit);
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.send({ id: 0, cmd: 'exit' });
            }),
        });
        return;
      }
      const p = pending.get(m.id!);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  });
}
