import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportState, importState } from '../core/control.ts';
import { openWechatDb } from '../mock-wechat/db.ts';
import { openSmsDb } from '../mock-sms/db.ts';
import { openLoginDb } from '../reference-login/db.ts';
import { closeDatabase, type Db } from '../core/db.ts';
import { describeHolder, lockHolder } from './data-dir-lock.ts';
import { defineCommand, flag, type FlagValues } from './flags.ts';

/** The mocks whose state files `export` / `import` handle, by name. */
const STORES: Record<string, (file: string) => Db> = {
  wechat: openWechatDb,
  sms: openSmsDb,
  login: openLoginDb,
};

const DATA_DIR = flag.text('DIR', 'the state of this `wxmock start --data-dir`', '.wxmock');

const EXPORT_FLAGS = {
  'data-dir': DATA_DIR,
  out: flag.text('FILE', 'write here instead of to standard output'),
};

const IMPORT_FLAGS = {
  'data-dir': DATA_DIR,
};

/** `wxmock export [--data-dir d] [--out file]`: the whole sandbox state as one JSON document. */
function exportToFile(o: FlagValues<typeof EXPORT_FLAGS>): number {
  const dataDir = resolve(o['data-dir']);
  const out: Record<string, unknown> = { format: 'wxmock-sandbox', exportedAt: new Date().toISOString() };
  for (const [name, open] of Object.entries(STORES)) {
    const db = open(resolve(dataDir, `${name}.db`));
    out[name] = exportState({ db });
    closeDatabase(db);
  }
  const text = `${JSON.stringify(out, null, 2)}\n`;
  if (o.out) writeFileSync(o.out, text);
  else process.stdout.write(text);
  return 0;
}

/** `wxmock import <file> [--data-dir d]`: replaces the state of each mock present in the file. */
function importFromFile(file: string, o: FlagValues<typeof IMPORT_FLAGS>): number {
  const dataDir = resolve(o['data-dir']);
  // Replacing the files under a running sandbox would be lost or half-seen: it has them open.
  const holder = lockHolder(dataDir);
  if (holder) {
    console.error(
      `${dataDir} is in use by a running wxmock (${describeHolder(holder)}): stop it first, or import through its console (故障与时钟 → 导入 JSON).`,
    );
    return 1;
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: ${(e as Error).message}`);
    return 1;
  }
  if (doc.format !== 'wxmock-sandbox') {
    console.error(`${file}: not a wxmock export (format "wxmock-sandbox" expected)`);
    return 1;
  }
  // All or nothing: every part is checked first (applied and rolled back), then each is applied.
  const dbs = Object.entries(STORES)
    .filter(([name]) => doc[name])
    .map(([name, open]) => ({ name, db: open(resolve(dataDir, `${name}.db`)) }));
  try {
    for (const { name, db } of dbs) {
      try {
        importState({ db }, doc[name], { dryRun: true });
      } catch (e) {
        console.error(`${name}: ${(e as Error).message} (nothing imported)`);
        return 1;
      }
    }
    const before = dbs.map(({ db }) => exportState({ db }));
    for (const [i, { name, db }] of dbs.entries()) {
      try {
        importState({ db }, doc[name]);
        console.log(`imported ${name}`);
      } catch (e) {
        for (let j = 0; j < i; j++) importState({ db: dbs[j]!.db }, before[j]);
        console.error(`${name}: ${(e as Error).message} (nothing imported)`);
        return 1;
      }
    }
    return 0;
  } finally {
    for (const { db } of dbs) closeDatabase(db);
  }
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: "writes the whole sandbox state as JSON (the console's export has the same format)",
  flags: EXPORT_FLAGS,
  notes: ['Example: npx wxmock export --out state.json'],
  run: (o) => exportToFile(o),
});

export const importCommand = defineCommand({
  name: 'import',
  summary: 'replaces the sandbox state with an export (the sandbox of that data dir must be stopped)',
  args: ['FILE'],
  flags: IMPORT_FLAGS,
  notes: ['Example: npx wxmock import state.json'],
  run: (o, [file]) => importFromFile(file!, o),
});
