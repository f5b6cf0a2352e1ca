// A package-lock.json for a fresh project that installs the packed tarball beside some of this
// repository's own packages, at the versions this repository's lock pins: `npm ci --offline` then
// installs it from the npm cache alone (which `npm ci` here filled), with no registry metadata.
// Each entry names its tarball's URL: an entry without one makes npm read the package's registry
// metadata to find it, and that metadata need not be in the cache.

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  dev?: boolean;
  [key: string]: unknown;
}

interface Lock {
  name?: string;
  version?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where Node finds `name` from the package at lock path `from`: its own node_modules, then each parent's. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const at = dir.lastIndexOf('node_modules/');
    dir = at <= 0 ? '' : dir.slice(0, at - 1);
  }
}

export interface Consumer {
  name: string;
  devDependencies: Record<string, string>;
  /** the packed package: its package.json and the tarball's file: spec and integrity */
  packed: {
    manifest: LockEntry & { name: string; version: string; license?: string; bin?: unknown; engines?: unknown; peerDependenciesMeta?: unknown };
    resolved: string;
    integrity: string;
  };
}

/** The registry's tarball URL of the package at a lock path: <registry>/<name>/-/<unscoped name>-<version>.tgz */
function tarballUrl(path: string, entry: LockEntry, registry: string): string {
  const name = (entry.name as string | undefined) ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `${registry.replace(/\/?$/, '/')}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
}

/** The lock of a project whose devDependencies are the packed package plus packages of `repoLock`. */
export function consumerLock(repoLock: Lock, consumer: Consumer, registry = 'https://registry.npmjs.org/'): Lock {
  const src = repoLock.packages;
  const { manifest } = consumer.packed;
  const packages: Record<string, LockEntry> = {
    '': { name: consumer.name, version: '1.0.0', devDependencies: consumer.devDependencies },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: consumer.packed.resolved,
      integrity: consumer.packed.integrity,
      dev: true,
      license: manifest.license,
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // The packed package's dependencies resolve as they do from this repository's root.
  const queue: [string, string, boolean][] = Object.keys(manifest.dependencies ?? {}).map((d) => ['', d, false]);
  for (const name of Object.keys(consumer.devDependencies)) if (name !== manifest.name) queue.push(['', name, false]);
  while (queue.length) {
    const [from, name, optional] = queue.pop()!;
    const path = resolveIn(src, from, name);
    if (!path) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'the root'}) is not in this repository's package-lock.json`);
    }
    if (packages[path]) continue;
    const { dev: _dev, peer: _peer, devOptional: _devOptional, ...entry } = src[path]!;
    packages[path] = { ...entry, resolved: entry.resolved ?? tarballUrl(path, entry, registry), dev: true };
    for (const d of Object.keys(entry.dependencies ?? {})) queue.push([path, d, false]);
    for (const d of Object.keys(entry.optionalDependencies ?? {})) queue.push([path, d, true]);
    // npm installs the peers a package requires, not its optional ones.
    for (const d of Object.keys(entry.peerDependencies ?? {})) if (!entry.peerDependenciesMeta?.[d]?.optional) queue.push([path, d, false]);
  }
  return {
    ...repoLock,
    name: consumer.name,
    version: '1.0.0',
    packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b))),
  } as Lock;
}
