// The allowed imports between top-level folders, as docs/architecture.md draws them ("Allowed
// imports"): every source file's imports, read by TypeScript's own preProcessFile, checked against
// that table.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isSource, isTestFile, repoFiles, ROOT } from './repo-files.ts';

interface Rule {
  code: Set<string>;
  tests: Set<string>;
  /** folders whose types (an `import type`, no code) its code may use besides */
  types: Set<string>;
}

/** The table under "## Allowed imports" in docs/architecture.md: folder → what its code, its tests and its type imports may reach. */
function readRules(markdown: string): Map<string, Rule> {
  const section = markdown.split(/^## Allowed imports\s*$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('docs/architecture.md has no "## Allowed imports" section');
  const folders = (cell: string) => [...cell.matchAll(/`([\w.-]+)\/`/g)].map((m) => m[1]!);
  const rules = new Map<string, Rule>();
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 4 || !cells[0]!.startsWith('`')) continue;
    for (const folder of folders(cells[0]!)) {
      const code = new Set(folders(cells[1]!));
      rules.set(folder, { code, tests: new Set([...code, ...folders(cells[2]!)]), types: new Set([...code, ...folders(cells[3]!)]) });
    }
  }
  return rules;
}

/** Every module a source text names: static and dynamic imports, re-exports, require(), triple-slash references. */
function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.referencedFiles].map((f) => f.fileName);
}

/** How many of a source text's imports and re-exports of each module are of types only (`import type`, `export type … from`): no code of theirs runs. */
function typeOnlyImportsOf(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const node of ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest).statements) {
    if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly;
    if (typeOnly) found.set(node.moduleSpecifier.text, (found.get(node.moduleSpecifier.text) ?? 0) + 1);
  }
  return found;
}

interface Violation {
  file: string;
  import: string;
  message: string;
}

/** Imports of `file` (path relative to the root, "/"-separated) that the rules forbid. */
function violations(file: string, text: string, rules: Map<string, Rule>): Violation[] {
  const folder = file.split('/')[0]!;
  const rule = rules.get(folder);
  const allowed = rule && (isTestFile(file) ? rule.tests : rule.code);
  const typeOnly = typeOnlyImportsOf(text);
  const found: Violation[] = [];
  for (const spec of importsOf(text)) {
    if (!spec.startsWith('.') && !spec.startsWith('/')) continue; // a package
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec))
      .split(sep)
      .join('/');
    if (target.startsWith('../') || target === '..' || spec.startsWith('/')) {
      found.push({ file, import: spec, message: 'leaves the repository' });
      continue;
    }
    const to = target.split('/')[0]!;
    if (to === folder || !target.includes('/')) continue;
    const types = typeOnly.get(spec) ?? 0;
    if (types > 0) {
      // This import is one of the type-only ones of that module.
      typeOnly.set(spec, types - 1);
      if (rule?.types.has(to)) continue;
    }
    if (!allowed?.has(to)) {
      const may = allowed?.size ? [...allowed].map((f) => `${f}/`).join(', ') : 'nothing of ours';
      found.push({ file, import: spec, message: `${folder}/ ${isTestFile(file) ? 'tests' : 'code'} may not import ${to}/ (allowed: ${may})` });
    }
  }
  return found;
}

const rules = readRules(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));
const files = repoFiles(isSource).filter((f) => f.includes('/'));

describe('allowed imports between folders (docs/architecture.md)', () => {
  it('every folder with source files has a row in the table', () => {
    const folders = [...new Set(files.map((f) => f.split('/')[0]!))].sort();
    expect(folders.filter((f) => !rules.has(f))).toEqual([]);
    expect(folders.length).toBeGreaterThan(10);
  });

  it('no source file imports across folders against the table', () => {
    const found = files.flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8'), rules));
    expect(found.map((v) => `${v.file}: '${v.import}' ${v.message}`)).toEqual([]);
  });

  it('the check sees every form of import, and tests get their wider row', () => {
    const text = [
      "import type { A } from '../../mock-wechat/world/types.ts';",
      "import type { H } from '../../harness/index.ts';",
      "export { b } from '../../mock-sms/app.ts';",
      "const c = await import('../../harness/browser.ts');",
      "const d = require('../../reference-login/app.ts');",
      "import './own.ts'; import '../client/x.ts'; import x from 'hono'; import { e } from '../../core/html.ts';",
      "import { f } from '../../../shared/specs/x.ts';",
    ].join('\n');
    expect(violations('console/page/x.tsx', text, rules).map((v) => `${v.import}: ${v.message}`)).toEqual([
      '../../harness/index.ts: console/ code may not import harness/ (allowed: core/)',
      '../../mock-sms/app.ts: console/ code may not import mock-sms/ (allowed: core/)',
      '../../harness/browser.ts: console/ code may not import harness/ (allowed: core/)',
      '../../reference-login/app.ts: console/ code may not import reference-login/ (allowed: core/)',
      '../../../shared/specs/x.ts: leaves the repository',
    ]);
    expect(violations('console/page/x.test.ts', text, rules).map((v) => v.import)).toEqual(['../../reference-login/app.ts', '../../../shared/specs/x.ts']);
    expect(violations('core/x.ts', "import '../mock-sms/app.ts';", rules).map((v) => v.message)).toEqual([
      'core/ code may not import mock-sms/ (allowed: nothing of ours)',
    ]);
    // console/ may take the mocks' types, but no code of theirs, not even from the same file.
    const console = (line: string) => violations('console/client/x.ts', line, rules).map((v) => v.import);
    expect(console("import type { App } from '../../mock-wechat/world/types.ts';")).toEqual([]);
    expect(console("export type { SmsMessage } from '../../mock-sms/inbox.ts';")).toEqual([]);
    expect(console("import { type App, WorldError } from '../../mock-wechat/world/store.ts';")).toEqual(['../../mock-wechat/world/store.ts']);
    expect(console("import type { Browser } from '../../harness/browser.ts';")).toEqual(['../../harness/browser.ts']);
    expect(console("import type { A } from '../../mock-wechat/world/types.ts'; import { b } from '../../mock-wechat/world/types.ts';")).toEqual([
      '../../mock-wechat/world/types.ts',
    ]);
  });
});
