import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder of the login system the interception tests run, with its own package.json and lock. */
export const TEST_CLIENTS = join(__dirname, 'test-clients');

/**
 * Installs the client libraries of intercept/test-clients/ (npm ci into that folder) unless the
 * installed set already matches its lock. They live apart from the project's own dependencies
 * because the Logto connectors declare Node 22: npm warns about that on every install of the
 * project, though they run on Node 20. npm reads its cache first; a fresh machine fetches them
 * from the registry once.
 */
export function ensureTestClients(): void {
  const lock = readFileSync(join(TEST_CLIENTS, 'package-lock.json'), 'utf8');
  const installed = join(TEST_CLIENTS, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && sameInstall(lock, readFileSync(installed, 'utf8'))) return;
  execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TEST_CLIENTS, stdio: 'pipe', timeout: 240_000 });
}

/** npm's record of what it installed names the same package versions as the lock. */
function sameInstall(lockText: string, installedText: string): boolean {
  const versions = (text: string) => {
    const packages = (JSON.parse(text) as { packages: Record<string, { version?: string }> }).packages;
    return JSON.stringify(
      Object.entries(packages)
        .filter(([k]) => k.startsWith('node_modules/'))
        .map(([k, v]) => [k, v.version])
        .sort(),
    );
  };
  return versions(lockText) === versions(installedText);
}
