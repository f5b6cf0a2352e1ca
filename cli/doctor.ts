import { execFileSync } from 'node:child_process';
import { chromiumCandidates, findChromium } from '../harness/browser.ts';

interface Check { name: string; ok: boolean; detail: string; fix?: string }

function cjkFonts(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/** What the sandbox and the browser tests need, and how to get what is missing. */
export async function doctor(): Promise<number> {
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
    checks.push({ name: 'puppeteer-core (browser steps)', ok: false, detail: 'not installed (an optional peer of wxmock)', fix: 'npm install --save-dev puppeteer-core@24' });
  }
  const chromium = findChromium();
  checks.push({
    name: 'Chromium (browser tests, screenshots)', ok: !!chromium,
    detail: chromium ?? `none of: ${chromiumCandidates().map((c) => c.path).join(', ')}`,
    fix: 'Debian/Ubuntu: sudo apt-get install -y chromium; or set PUPPETEER_EXECUTABLE_PATH',
  });
  checks.push({ name: 'CJK fonts (Chinese text in pages)', ok: cjkFonts(), detail: cjkFonts() ? 'found' : 'fc-list :lang=zh finds none', fix: 'Debian/Ubuntu: sudo apt-get install -y fonts-noto-cjk' });
  if (process.env.http_proxy || process.env.HTTP_PROXY)
    checks.push({ name: 'no http_proxy', ok: false, detail: 'http_proxy is set', fix: 'unset http_proxy for tests: the Tencent SDK would send loopback requests to the proxy' });
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'MISS'}  ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n      fix: ${c.fix}`}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
