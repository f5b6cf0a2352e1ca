// Every control error code (core/control-errors.ts, docs/control-api.md#error-codes) is named in a
// test that asserts refusals: a code no test names is a code nobody knows still works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL_ERRORS } from '../core/control-errors.ts';
import { isTestFile, repoFiles, ROOT } from './repo-files.ts';

describe('the control error codes', () => {
  it('each is asserted by name, with expectControlError, in a test file', () => {
    const asserting = repoFiles((name) => isTestFile(name))
      .map((file) => readFileSync(join(ROOT, file), 'utf8'))
      .filter((text) => /\bexpectControlError\(/.test(text));
    const named = new Set(asserting.flatMap((text) => [...text.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!)));
    expect(Object.keys(CONTROL_ERRORS).filter((code) => !named.has(code))).toEqual([]);
  });
});
