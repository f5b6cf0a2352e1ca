import type { HttpResponse } from '../core/http-client.ts';

/** Throws with the exchange when a control call fails: harness calls are expected to succeed. */
export function expectOk<T>(res: HttpResponse<T>, what: string): T {
  if (res.status >= 400) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls `fn` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function pollUntil<T>(what: string, fn: () => Promise<T | undefined>, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
