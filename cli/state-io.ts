import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportState, importState } from '../core/control.ts';
import { openWechatDb } from '../mock-wechat/db.ts';
import { openSmsDb } from '../mock-sms/db.ts';
import { openLoginDb } from '../reference-login/db.ts';
import type { Db } from '../core/db.ts';

/** The mocks whose state files `export` / `import` handle, by name. */
const STORES: Record<string, (file: string) => Db> = {
  wechat: openWechatDb,
  sms: openSmsDb,
  login: openLoginDb,
};

export function registerStore(name: string, open: (file: string) => Db): void {
  STORES[name] = open;
}

/** `wxmock export [--data-dir d] [--out file]`: the whole sandbox state as one JSON document. */
export function exportCommand(flags: Record<string, string | boolean>): number {
  const dataDir = resolve(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : '.wxmock');
  const out: Record<string, unknown> = { format: 'wxmock-sandbox', exportedAt: new Date().toISOString() };
  for (const [name, open] of Object.entries(STORES)) {
    const db = open(resolve(dataDir, `${name}.db`));
    out[name] = exportState({ db });
    db.close();
  }
  const text = `${JSON.stringify(out, null, 2)}\n`;
  if (typeof flags.out === 'string') writeFileSync(flags.out, text);
  else process.stdout.write(text);
  return 0;
}

/** `wxmock import <file> [--data-dir d]`: replaces the state of each mock present in the file. */
export function importCommand(file: string | undefined, flags: Record<string, string | boolean>): number {
  if (!file) {
    console.error('usage: wxmock import <state.json> [--data-dir .wxmock]');
    return 2;
  }
  const dataDir = resolve(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : '.wxmock');
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
  const dbs = Object.entries(STORES).filter(([name]) => doc[name]).map(([name, open]) => ({ name, db: open(resolve(dataDir, `${name}.db`)) }));
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
    for (const { db } of dbs) db.close();
  }
}
