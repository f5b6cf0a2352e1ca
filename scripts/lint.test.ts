// The checks CI runs besides the tests: Biome (format and lint, biome.jsonc) and the TypeScript
// compiler over the server code and, with DOM types, the pages' browser code.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT } from './repo-files.ts';

const require = createRequire(import.meta.url);

function run(script: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('the tree as CI checks it', () => {
  it('is formatted as biome.jsonc says and has no lint error or warning (biome ci)', async () => {
    const r = await run(require.resolve('@biomejs/biome/bin/biome'), ['ci', '--error-on-warnings', '--colors=off', '.']);
    expect(r.code, r.out).toBe(0);
    // A configuration that left most files out would pass too: the count says it did not.
    const checked = Number(/Checked (\d+) files?/.exec(r.out)?.[1] ?? 0);
    expect(checked, r.out).toBeGreaterThan(300);
  }, 60_000);

  it.each([
    ['the server code, the tests and the tools', 'tsconfig.json'],
    ["the pages' browser code (DOM types, no Node's)", 'tsconfig.client.json'],
  ])(
    'type-checks: %s (%s)',
    async (_what, config) => {
      const r = await run(require.resolve('typescript/bin/tsc'), ['--noEmit', '-p', config]);
      expect(r.code, r.out).toBe(0);
    },
    120_000,
  );
});
