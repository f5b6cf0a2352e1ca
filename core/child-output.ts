import type { ChildProcess } from 'node:child_process';

/** What a child process has printed so far (stdout and stderr together), and a wait for a line of it. */
export interface ChildOutput {
  text(): string;
  /** Resolves with the first match of `ready` in the output; rejects when the child exits first or after `ms`. */
  until(ready: string | RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/** Starts collecting the output of `child` (call it before the child can print). */
export function childOutput(child: ChildProcess): ChildOutput {
  let out = '';
  const waits = new Set<() => void>();
  const onData = (d: Buffer | string) => {
    out += d;
    for (const check of waits) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    text: () => out,
    until(ready, ms = 20_000) {
      const pattern = typeof ready === 'string' ? new RegExp(ready.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : ready;
      return new Promise((resolve, reject) => {
        const done = () => {
          waits.delete(check);
          clearTimeout(timer);
          child.off('exit', onExit);
        };
        const check = () => {
          const match = out.match(pattern);
          if (match) {
            done();
            resolve(match);
          }
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`exited ${code} before printing ${pattern}:\n${out}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${ms / 1000} s:\n${out}`));
        }, ms);
        waits.add(check);
        child.on('exit', onExit);
        check();
        if (child.exitCode !== null && waits.has(check)) onExit(child.exitCode);
      });
    },
  };
}
