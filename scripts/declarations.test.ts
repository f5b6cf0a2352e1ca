import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finishDeclarations } from './declarations.mjs';

describe('finishDeclarations: the declaration files the package ships', () => {
  const root = mkdtempSync(join(tmpdir(), 'wxmock-dts-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (dir: string, files: Record<string, string>) => {
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
  };

  it('keeps what the entries reach, with .js paths, drops the rest and names the packages', () => {
    const dir = join(root, 'ok');
    write(dir, {
      'harness/index.d.ts': "export { a } from './a.ts';\nexport type { P } from 'puppeteer-core';\n",
      'harness/a.d.ts': "import type { J } from '../core/journal-entry.ts';\nexport declare const a: J | import('./b.tsx').B;\n",
      'harness/b.d.ts': 'export type B = number;\n',
      'core/journal-entry.d.ts': "import type { X } from 'hono/jsx';\nexport interface J { x: X }\n",
      'core/db.d.ts': "import Database from 'better-sqlite3';\nexport type Db = Database.Database;\n",
    });
    const { files, packages } = finishDeclarations(dir, ['harness/index.d.ts']);
    expect(files).toEqual(['core/journal-entry.d.ts', 'harness/a.d.ts', 'harness/b.d.ts', 'harness/index.d.ts']);
    expect(packages).toEqual(['hono', 'puppeteer-core']);
    expect(existsSync(join(dir, 'core/db.d.ts'))).toBe(false);
    expect(readFileSync(join(dir, 'harness/a.d.ts'), 'utf8')).toBe(
      "import type { J } from '../core/journal-entry.js';\nexport declare const a: J | import('./b.js').B;\n",
    );
  });

  it('fails naming a declaration that refers to a file the package would not have', () => {
    const dir = join(root, 'dangling');
    write(dir, { 'harness/index.d.ts': "export { layout } from '../mock-wechat/connect/layout.tsx';\n" });
    expect(() => finishDeclarations(dir, ['harness/index.d.ts'])).toThrow(
      'harness/index.d.ts refers to ../mock-wechat/connect/layout.tsx, which has no declaration file in the package',
    );
  });
});
