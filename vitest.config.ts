import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['harness/vitest-global.ts'],
    reporters: ['default', './harness/closing-line-reporter.ts'],
    // The tests wait on Chromium, child processes and sockets more than they compute: on two cores
    // two workers finish the suite about a quarter sooner than Vitest's default of one (cores - 1).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The Tencent SDK sends every request through http_proxy when it is set; loopback must stay direct.
    env: { http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' },
  },
});
