// Runs before `npm test`: the browser tests need a Chromium. On a fresh Debian machine where
// we are root, install Debian's chromium and CJK fonts; otherwise say what to do and stop.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const candidates = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
const hasCjkFonts = () => {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
};

if (found && hasCjkFonts()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(found ? 'Chinese fonts are missing: pages will render boxes in screenshots.' : 'No Chromium found for the browser tests.');
  console.error('Install Chromium and CJK fonts (Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji),');
  console.error('or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary. `npx wxmock doctor` checks the setup.');
  process.exit(found ? 0 : 1);
}
const packages = [...(found ? [] : ['chromium']), 'fonts-noto-cjk', 'fonts-noto-color-emoji'];
console.log(`Installing ${packages.join(' ')} with apt-get (once per machine)…`);
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
