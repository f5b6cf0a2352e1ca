import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['harness/vitest-global.ts'],
    reporters: ['default', './harness/closing-line-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The Tencent SDK sends every request through http_proxy when it is set; loopback must stay direct.
    env: { http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '' },
  },
});
