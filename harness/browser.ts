import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, PuppeteerNode } from 'puppeteer-core';

/** Where a Chromium is looked for, in order: the variables people set, then the usual install paths. */
export function chromiumCandidates(): { source: string; path: string }[] {
  const places: Record<string, string | undefined> = {
    PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH,
    CHROME_PATH: process.env.CHROME_PATH,
    'Debian chromium': '/usr/bin/chromium',
    'chromium-browser': '/usr/bin/chromium-browser',
    'Google Chrome': '/usr/bin/google-chrome',
    'Google Chrome (stable)': '/usr/bin/google-chrome-stable',
    'Google Chrome (macOS)': '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    'Chromium (macOS)': '/Applications/Chromium.app/Contents/MacOS/Chromium',
  };
  return Object.entries(places).flatMap(([source, path]) => (path ? [{ source, path }] : []));
}

export function findChromium(): string | undefined {
  return chromiumCandidates().find((c) => existsSync(c.path))?.path;
}

/**
 * Flags that let Chromium run headless in containers and as root, and keep it from reaching
 * for Google's services (on a closed network those calls fail, many at a time).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--lang=zh-CN',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

const MISSING_PUPPETEER =
  'wxmock browser steps need the package puppeteer-core, an optional peer dependency of wxmock that is not installed: npm install --save-dev puppeteer-core@24';

/**
 * puppeteer-core is an optional peer: loaded on the first browser step, so a project that drives
 * the sandbox over HTTP only does not need it, and one that forgets it is told what to install.
 */
async function loadPuppeteer(): Promise<PuppeteerNode> {
  try {
    // Its types are a CommonJS declaration (so `default` reads as the whole module to TypeScript);
    // the ESM build Node loads here has the launcher as its default export.
    return ((await import('puppeteer-core')) as unknown as { default: PuppeteerNode }).default;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if ((err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') && err.message.includes('puppeteer-core'))
      throw new Error(MISSING_PUPPETEER, { cause: e });
    throw e;
  }
}

/** Launches the machine's Chromium headless with a throwaway profile. */
export async function launchBrowser(opts: { headless?: boolean; executablePath?: string; args?: string[] } = {}): Promise<LaunchedBrowser> {
  const puppeteer = await loadPuppeteer();
  const executablePath = opts.executablePath ?? findChromium();
  if (!executablePath)
    throw new Error(
      'No Chromium found. Install one (Debian: apt-get install chromium fonts-noto-cjk) or set PUPPETEER_EXECUTABLE_PATH; `npx wxmock doctor` checks the setup.',
    );
  const userDataDir = mkdtempSync(join(tmpdir(), 'wxmock-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: opts.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? []), `--user-data-dir=${userDataDir}`],
    defaultViewport: { width: 1280, height: 860 },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
