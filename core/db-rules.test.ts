import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'reports']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** SQL handed to the driver directly: prepare/exec with a SQL text (on this line or the next), or the driver's own transaction. */
const DIRECT_SQL = /\.(prepare|exec)\(\s*[`'"]|\.transaction\(/g;

describe('database rules (docs/architecture.md, "State")', () => {
  it('no source outside core/db.ts prepares statements or opens transactions itself: statements come from stmt(), writes go through write()', () => {
    const offenders: string[] = [];
    for (const file of sources(ROOT)) {
      const rel = relative(ROOT, file);
      if (rel === join('core', 'db.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(DIRECT_SQL)) {
        const line = text.slice(0, m.index).split('\n').length;
        offenders.push(`${rel}:${line}: ${text.split('\n')[line - 1]!.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
