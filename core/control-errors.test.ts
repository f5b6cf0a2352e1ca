import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTROL_ERRORS, ControlError } from './control-errors.ts';

/** The rows of the "Error codes" table of docs/control-api.md, as written. */
function docsTable(): { code: string; status: number; meaning: string; by: string }[] {
  const page = readFileSync(new URL('../docs/control-api.md', import.meta.url), 'utf8');
  const section = page.slice(page.indexOf('### Error codes'));
  const rows = section.split('\n').filter((l) => /^\| `/.test(l));
  return rows.map((l) => {
    const cells = l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    return { code: cells[0]!.replace(/`/g, ''), status: Number(cells[1]), meaning: cells[2]!, by: cells[3]! };
  });
}

describe('the control error table', () => {
  it('docs/control-api.md lists exactly the codes of core/control-errors.ts, each with its status, meaning and routes', () => {
    const inCode = Object.entries(CONTROL_ERRORS).map(([code, e]) => ({ code, status: e.status, meaning: e.meaning, by: e.by }));
    expect(docsTable()).toEqual(inCode);
  });

  it('gives each ControlError the status of its code', () => {
    const e = new ControlError('wrong_state', 'QR session x is confirmed');
    expect([e.status, e.code, e.message]).toEqual([409, 'wrong_state', 'QR session x is confirmed']);
    expect(new ControlError('timeout', 'no message').status).toBe(408);
  });
});
