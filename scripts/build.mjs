// Builds what the package ships (scripts/entries.mjs lists it): each entry compiled to plain
// JavaScript in dist/ (ESM, chunks shared between entries), and declarations for the public
// entries in dist/types/, so neither `wxmock start` nor a consumer's test needs TypeScript, tsx
// or this repository's JSX settings; and the pages' browser code, one script per entry of
// CLIENT_ENTRIES, in dist/client/ (scripts/client-build.mjs). bin/wxmock.mjs runs dist/main.js;
// in a checkout only while it is newer than every source file (bin/bundle.mjs).
//   node scripts/build.mjs [--outdir DIR] [--js-only]
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from '../bin/bundle.mjs';
import { buildClients } from './client-build.mjs';
import { finishDeclarations } from './declarations.mjs';
import { ENTRIES, exportEntry, typed } from './entries.mjs';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir lets a test build elsewhere without pulling dist/ from under a running sandbox.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(root, DIST);
const jsOnly = process.argv.includes('--js-only');

/** package.json's `exports` must name exactly the public entries, each with its types. */
function checkExports() {
  const { exports = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const problems = [];
  for (const e of ENTRIES.filter((x) => x.export)) {
    const want = JSON.stringify(exportEntry(e));
    if (JSON.stringify(exports[e.export]) !== want) problems.push(`"${e.export}": ${want}`);
  }
  const known = new Set(['./package.json', ...ENTRIES.map((e) => e.export)]);
  for (const key of Object.keys(exports)) if (!known.has(key)) problems.push(`"${key}" is exported but is not in scripts/entries.mjs`);
  if (problems.length) throw new Error(`package.json "exports" does not match scripts/entries.mjs; expected:\n  ${problems.join('\n  ')}`);
}

/**
 * A package the public declarations import types from must reach the consumer with its own
 * types: a dependency or peer that ships declarations (not through an @types package, which
 * is a development dependency here).
 */
function checkTypePackages(packages) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const problems = [];
  for (const name of packages) {
    if (name.startsWith('node:')) continue;
    if (!pkg.dependencies?.[name] && !pkg.peerDependencies?.[name]) problems.push(`${name} is neither a dependency nor a peer`);
    const meta = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    if (!meta.types && !meta.typings && !JSON.stringify(meta.exports ?? {}).includes('"types"'))
      problems.push(`${name} has no declarations of its own (a consumer would need @types/${name})`);
  }
  if (problems.length) throw new Error(`the public declarations import types from packages a consumer may not have:\n  ${problems.join('\n  ')}`);
}

checkExports();
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(ENTRIES.map((e) => [e.name, join(root, e.source)])),
  outdir,
  bundle: true,
  // Chunks per lazily imported module: `start` must not load puppeteer or Vitest, the harness
  // and the CLI share the services' code.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.json'),
  // With the sources inside, so a stack trace from an installed package still reads as TypeScript.
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`built ${relative(root, outdir) || '.'}/ from ${ENTRIES.map((e) => e.source).join(', ')}`);
const clients = await buildClients(root, outdir);
console.log(`browser code: ${clients.map((f) => relative(outdir, f)).join(', ')}`);

/** tsc with the repository's tsconfig.json, declarations only, from the public entries. */
function emitDeclarations(types, sources) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: root, outDir: types };
  const program = ts.createProgram(
    sources.map((s) => join(root, s)),
    options,
  );
  // Only what keeps a declaration from being written correctly; type errors are `npm run typecheck`'s.
  const { diagnostics } = program.emit();
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
}

if (!jsOnly) {
  const types = join(outdir, 'types');
  const publicEntries = ENTRIES.filter((e) => e.export && typed(e));
  emitDeclarations(
    types,
    publicEntries.map((e) => e.source),
  );
  const { files, packages } = finishDeclarations(
    types,
    publicEntries.map((e) => e.source.replace(/\.tsx?$/, '.d.ts')),
  );
  checkTypePackages(packages);
  console.log(`declarations: ${files.length} files under ${relative(root, types)}/, types from ${packages.join(', ')}`);
}
