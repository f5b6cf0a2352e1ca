import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** FastBee's open-source edition as a test fixture, beside the repository (never inside it). */
const FASTBEE_FIXTURE = join(ROOT, '..', 'shared', 'fixtures', 'fastbee');
const DIST_TARBALL = join(FASTBEE_FIXTURE, 'fastbee-ui-dist.tar.gz');

/** Why tests of the real FastBee UI cannot run here, or undefined when they can. */
export function fastbeeUiMissing(): string | undefined {
  if (!existsSync(DIST_TARBALL)) return `FastBee fixture not found (${DIST_TARBALL}): the tests of FastBee's real web UI are skipped`;
  if (spawnSync('tar', ['--version'], { stdio: 'ignore' }).status !== 0)
    return "no tar command to unpack the FastBee fixture: the tests of FastBee's real web UI are skipped";
  return undefined;
}

/**
 * The fixture's production build of FastBee's web UI, unpacked once into .tmp/fastbee-ui/<hash>/
 * (gitignored; keyed by the tarball's hash, so a new fixture is unpacked anew). Test files racing
 * for it each unpack into their own folder and the first rename wins.
 */
export function fastbeeUiDist(): string {
  const why = fastbeeUiMissing();
  if (why) throw new Error(why);
  const key = createHash('sha256').update(readFileSync(DIST_TARBALL)).digest('hex').slice(0, 16);
  const target = join(ROOT, '.tmp', 'fastbee-ui', key);
  const dist = join(target, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  mkdirSync(partial, { recursive: true });
  const tar = spawnSync('tar', ['xzf', DIST_TARBALL, '-C', partial], { encoding: 'utf8' });
  if (tar.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`unpacking ${DIST_TARBALL} failed: ${tar.stderr}`);
  }
  try {
    renameSync(partial, target);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another process was first
  }
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${DIST_TARBALL} holds no dist/index.html`);
  return dist;
}
