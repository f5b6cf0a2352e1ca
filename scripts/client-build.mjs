// Bundles the browser code (docs/architecture.md, "Browser code"): each entry of CLIENT_ENTRIES
// (scripts/entries.mjs) becomes one classic script with everything it imports inside. The build
// writes them into dist/client/ (scripts/build.mjs); running from the TypeScript sources, the
// services bundle an entry in memory on its first request (core/client-scripts.ts). Both use the
// options below, so what a test loads is what the package ships.
import { build } from 'esbuild';
import { join } from 'node:path';
import { CLIENT_ENTRIES } from './entries.mjs';

/** Where an entry's bundle lies under the build's output folder: client/<source>.js. */
export function builtClientPath(source) {
  return join('client', source.replace(/\.ts$/, '.js'));
}

function options(root) {
  return {
    bundle: true,
    // A classic script (no type="module"): it runs where the inline script ran, in document order,
    // and a site can load wxLogin.js with a plain <script src>.
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // Chinese text as it is, not \u escapes: the files stay readable and smaller.
    charset: 'utf8',
    tsconfig: join(root, 'tsconfig.client.json'),
    logLevel: 'silent',
  };
}

function unlisted(source) {
  return new Error(`${source} is not a browser entry: add it to CLIENT_ENTRIES in scripts/entries.mjs, so the build ships it too`);
}

/** Writes every entry's bundle under outdir (client/<source>.js); returns the files written. */
export async function buildClients(root, outdir) {
  const files = [];
  for (const source of CLIENT_ENTRIES) {
    const outfile = join(outdir, builtClientPath(source));
    await build({ ...options(root), entryPoints: [join(root, source)], outfile });
    files.push(outfile);
  }
  return files;
}

/** One entry's bundle, in memory: the services running from the sources call this. */
export async function bundleClient(root, source) {
  if (!CLIENT_ENTRIES.includes(source)) throw unlisted(source);
  const result = await build({ ...options(root), entryPoints: [join(root, source)], write: false });
  return result.outputFiles[0].text;
}
