import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCRIPT } from '../console/page/shell.tsx';
import { AUTHORIZE_PAGE_SCRIPT, JWEIXIN_SOURCE, QR_PAGE_SCRIPT, WX_LOGIN_SOURCE } from '../mock-wechat/connect/scripts.ts';
import { PAGE_SCRIPTS } from '../reference-login/pages/scripts.ts';
import { buildClients, builtClientPath, bundleClient } from './client-build.mjs';
import { CLIENT_ENTRIES } from './entries.mjs';

const ROOT = join(__dirname, '..');

describe('browser entries', () => {
  const out = mkdtempSync(join(tmpdir(), 'wxmock-client-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('every entry is the script of a page the services serve, and every page script is an entry', () => {
    const served = [
      CONSOLE_SCRIPT.source,
      QR_PAGE_SCRIPT.source,
      WX_LOGIN_SOURCE,
      AUTHORIZE_PAGE_SCRIPT.source,
      JWEIXIN_SOURCE,
      ...Object.values(PAGE_SCRIPTS).map((s) => s.source),
    ];
    expect([...served].sort()).toEqual([...CLIENT_ENTRIES].sort());
  });

  it('the build writes one script per entry under client/, the very code a service running from the sources serves', async () => {
    const files = await buildClients(ROOT, out);
    expect(files.map((f) => relative(out, f))).toEqual(CLIENT_ENTRIES.map(builtClientPath));
    for (const source of CLIENT_ENTRIES) {
      const built = readFileSync(join(out, builtClientPath(source)), 'utf8');
      expect(built, source).toBe(await bundleClient(ROOT, source));
      // A classic script: nothing left to import, nothing exported.
      expect(built, source).not.toMatch(/^\s*(import|export)\s/m);
      expect(() => new Function(built), source).not.toThrow();
    }
  });
});
