import { execFileSync } from 'node:child_process';
import { chromiumCandidates, findChromium } from '../harness/browser.ts';
import { defineCommand } from './flags.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Font families fontconfig finds for a pattern; undefined when fc-list cannot run. */
function fcList(pattern: string): string[] | undefined {
  try {
    return execFileSync('fc-list', [pattern, 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return undefined;
  }
}

/** U+1F338 🌸, the emoji of the default persona 赵六🌸: a font that has it draws the nicknames' emoji. */
const EMOJI_PROBE = ':charset=1f338';
const EMOJI_FONT_FIX = 'Debian/Ubuntu: sudo apt-get install -y fonts-noto-color-emoji';

function emojiFontCheck(): Check {
  const name = 'emoji font (nicknames such as 赵六🌸)';
  // macOS and Windows ship a colour emoji font and no fontconfig.
  if (process.platform !== 'linux') return { name, ok: true, detail: `${process.platform} ships one` };
  const families = fcList(EMOJI_PROBE);
  if (families === undefined) return { name, ok: false, detail: 'fc-list not found (fontconfig)', fix: `${EMOJI_FONT_FIX} (installs fontconfig too)` };
  return families.length
    ? { name, ok: true, detail: families[0]! }
    : { name, ok: false, detail: `fc-list ${EMOJI_PROBE} finds none: the browser draws an empty box instead`, fix: EMOJI_FONT_FIX };
}

/** What the sandbox and the browser tests need, and how to get what is missing. */
async function doctor(): Promise<number> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'Node.js >= 20', ok: major >= 20, detail: process.version, fix: 'install Node.js 20 or newer' });
  try {
    const Database = (await import('better-sqlite3')).default;
    new Database(':memory:').close();
    checks.push({ name: 'better-sqlite3', ok: true, detail: 'loads' });
  } catch (e) {
    checks.push({ name: 'better-sqlite3', ok: false, detail: (e as Error).message, fix: 'npm ci (needs python3, make and g++ when no prebuilt binary fits)' });
  }
  try {
    await import('puppeteer-core');
    checks.push({ name: 'puppeteer-core (browser steps)', ok: true, detail: 'loads' });
  } catch {
    checks.push({
      name: 'puppeteer-core (browser steps)',
      ok: false,
      detail: 'not installed (an optional peer of wxmock)',
      fix: 'npm install --save-dev puppeteer-core@24',
    });
  }
  const chromium = findChromium();
  checks.push({
    name: 'Chromium (browser tests, screenshots)',
    ok: !!chromium,
    detail:
      chromium ??
      `none of: ${chromiumCandidates()
        .map((c) => c.path)
        .join(', ')}`,
    fix: 'Debian/Ubuntu: sudo apt-get install -y chromium; or set PUPPETEER_EXECUTABLE_PATH',
  });
  const cjk = fcList(':lang=zh') ?? [];
  checks.push({
    name: 'CJK fonts (Chinese text in pages)',
    ok: cjk.length > 0,
    detail: cjk.length ? 'found' : 'fc-list :lang=zh finds none',
    fix: 'Debian/Ubuntu: sudo apt-get install -y fonts-noto-cjk',
  });
  checks.push(emojiFontCheck());
  if (process.env.http_proxy || process.env.HTTP_PROXY)
    checks.push({
      name: 'no http_proxy',
      ok: false,
      detail: 'http_proxy is set',
      fix: 'unset http_proxy for tests: the Tencent SDK would send loopback requests to the proxy',
    });
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'MISS'}  ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n      fix: ${c.fix}`}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'checks Node, SQLite, Chromium and the fonts (CJK, emoji), and says how to fix what is missing',
  flags: {},
  notes: ['Exit code 1 when something is missing; each MISS line is followed by its fix.'],
  run: () => doctor(),
});
