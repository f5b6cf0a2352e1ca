// What the package builds and exports, in one place: scripts/build.mjs compiles each `source` to
// dist/<name>.js with declarations under dist/types/, and checks that package.json's `exports`
// maps each `export` to exactly those files. A new public module is one line here plus its
// `exports` entry (the build names the entry it expects when that is missing). The browser code
// the services serve is listed in CLIENT_ENTRIES.

/** @typedef {{ name: string, source: string, export?: string }} Entry */

/** @type {Entry[]} */
export const ENTRIES = [
  // The CLI: bin/wxmock.mjs runs dist/main.js; no `exports` entry (it is the `bin`).
  { name: 'main', source: 'cli/main.ts' },
  { name: 'harness', source: 'harness/index.ts', export: './harness' },
  { name: 'control', source: 'harness/control.ts', export: './control' },
  // The Node preload (`node --import wxmock/intercept`): plain JavaScript with nothing to declare.
  { name: 'intercept', source: 'intercept/preload.mjs', export: './intercept' },
];

/**
 * Browser code (docs/architecture.md, "Browser code"): each is bundled into one script,
 * dist/client/<source>.js (scripts/client-build.mjs), which the service that owns it serves
 * (core/client-scripts.ts). A new page script is one line here.
 * @type {string[]}
 */
export const CLIENT_ENTRIES = [
  'console/client/main.ts',
  'mock-wechat/client/qr-page.ts',
  'mock-wechat/client/wx-login.ts',
  'mock-wechat/client/authorize-page.ts',
  'mock-wechat/client/jweixin.ts',
  'reference-login/client/login.ts',
  'reference-login/client/home.ts',
  'reference-login/client/profile.ts',
];

/** Entries written in TypeScript, which get declarations; a .mjs entry has no types to export. */
export function typed(entry) {
  return /\.tsx?$/.test(entry.source);
}

/** The `exports` entry a public module must have, so that types and code come from the build. */
export function exportEntry(entry) {
  const js = `./dist/${entry.name}.js`;
  if (!typed(entry)) return { import: js, default: js };
  return { types: `./dist/types/${entry.source.replace(/\.tsx?$/, '.d.ts')}`, import: js, default: js };
}
