import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * The browser code of the pages (docs/architecture.md, "Browser code"): TypeScript modules in each
 * service's client/ folder, bundled into one script per entry and served by the service at a path
 * of its own. The installed package (and dist/ in a checkout) holds them prebuilt in dist/client/;
 * running from the TypeScript sources (Vitest, tsx), an entry is bundled in memory with esbuild on
 * its first request. Nothing is read or built at start.
 */

/** A page script: the path the service serves it at, and its entry in the repository. */
export interface ClientScript {
  path: string;
  /** from the repository root, e.g. "console/client/main.ts"; listed in scripts/entries.mjs */
  source: string;
}

/** An entry's bundled code and its validator. */
export interface BundledScript {
  code: string;
  etag: string;
}

// This file is itself TypeScript only when the sources run; built, it is part of a chunk in dist/.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const bundles = new Map<string, Promise<BundledScript>>();

/** scripts/client-build.mjs, which only a checkout has. */
interface ClientBuilder {
  bundleClient(root: string, source: string): Promise<string>;
}

async function load(source: string): Promise<string> {
  // Where the build put it: dist/client/<source>.js (builtClientPath in scripts/client-build.mjs).
  if (!FROM_SOURCES) return readFile(new URL(`./client/${source.replace(/\.ts$/, '.js')}`, import.meta.url), 'utf8');
  // A computed specifier, so the build leaves the bundler (and esbuild) out of dist/.
  const builder = (await import(new URL('../scripts/client-build.mjs', import.meta.url).href)) as ClientBuilder;
  return builder.bundleClient(fileURLToPath(new URL('..', import.meta.url)), source);
}

/** A strong validator from the script's text. */
export function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;
}

/** The bundle of one entry, read or built once per process. */
export function bundledScript(source: string): Promise<BundledScript> {
  let bundle = bundles.get(source);
  if (!bundle) {
    bundle = load(source).then((code) => ({ code, etag: etagOf(code) }));
    // A failed build is tried again on the next request.
    bundle.catch(() => bundles.delete(source));
    bundles.set(source, bundle);
  }
  return bundle;
}

/** True when an If-None-Match header names this ETag (or is "*"). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** Answers with a script, or 304 when the browser's copy is current; `headers` add to (or replace) the caching ones. */
export function scriptAnswer(c: Context, code: string, etag: string, headers: Record<string, string> = {}): Response {
  // no-cache: the browser keeps its copy but asks each time; an unchanged script costs a 304.
  const common = { ETag: etag, 'Cache-Control': 'no-cache', ...headers };
  if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, common);
  return c.body(code, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...common });
}

/**
 * Serves the given page scripts at their paths, before anything else of the service sees the
 * request (journal, faults, durable answers, sign-in): they are files, not API calls.
 */
export function clientScripts(scripts: ClientScript[]): MiddlewareHandler {
  const byPath = new Map(scripts.map((s) => [s.path, s.source]));
  return async (c, next) => {
    const source = byPath.get(c.req.path);
    if (!source || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    let bundle: BundledScript;
    try {
      bundle = await bundledScript(source);
    } catch (e) {
      // A build error in development, or a package without its dist/client/: say which script.
      console.error(`page script ${c.req.path}: ${(e as Error).message}`);
      return c.text(`${source} could not be loaded: ${(e as Error).message}\n`, 500);
    }
    return scriptAnswer(c, bundle.code, bundle.etag);
  };
}
