import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Where FastBee's production build sends its API calls (VUE_APP_BASE_API in vue/.env.production). */
const FASTBEE_API_PREFIX = '/prod-api';

export interface FastbeeUiOptions {
  /** the production build of FastBee's vue/ (the folder holding index.html) */
  distDir: string;
  /** where /prod-api/* goes, prefix stripped: reference-login's URL (a function when it is known only later) */
  backendUrl: string | (() => string);
  port?: number;
  host?: string;
}

export interface RunningFastbeeUi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.swf': 'application/x-shockwave-flash',
};

/** Hop-by-hop headers a proxy does not pass on (RFC 9110 §7.6.1). */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function fileAt(root: string, urlPath: string): { path: string; stat: Stats } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = resolve(root, `.${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(path);
    if (stat.isFile()) return { path, stat };
    if (stat.isDirectory()) {
      const index = join(path, 'index.html');
      const s = statSync(index);
      if (s.isFile()) return { path: index, stat: s };
    }
  } catch {
    // not there: the caller falls back to index.html
  }
  return undefined;
}

/**
 * Static files the way FastBee's nginx serves them: `try_files $uri $uri/ /index.html` (the router
 * runs in history mode, so /login, /index, /user/profile are all index.html), and the build's .gz
 * twins where the browser takes gzip (gzip_static). Webpack's hashed files under /static/ are
 * cached for good; everything else is revalidated by ETag.
 */
function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('405 Method Not Allowed');
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0]!;
  const found = fileAt(root, urlPath) ?? fileAt(root, '/index.html');
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 Not Found: no index.html in the FastBee UI folder');
    return;
  }
  const type = TYPES[extname(found.path).toLowerCase()] ?? 'application/octet-stream';
  const etag = `"${found.stat.size.toString(16)}-${Math.floor(found.stat.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': type,
    etag,
    'cache-control': found.path.startsWith(join(root, 'static') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  let path = found.path;
  let size = found.stat.size;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    try {
      const gz = statSync(`${path}.gz`);
      if (gz.isFile()) {
        path = `${path}.gz`;
        size = gz.size;
        headers['content-encoding'] = 'gzip';
      }
    } catch {
      // no compressed twin
    }
  }
  headers['content-length'] = String(size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * `/prod-api/x` → `<backend>/x`, like FastBee's nginx `location /prod-api/ { proxy_pass http://backend/; }`:
 * status, headers (cookies, Location) and body passed through untouched; the Host header is the
 * backend's (nginx's default), the browser's host goes in X-Forwarded-Host.
 */
function proxy(backend: URL, req: IncomingMessage, res: ServerResponse): void {
  const rest = (req.url ?? '').slice(FASTBEE_API_PREFIX.length);
  const path = rest.startsWith('/') ? rest : `/${rest}`;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k) && k !== 'host') headers[k] = v;
  headers.host = backend.host;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  const upstream = httpRequest({ host: backend.hostname, port: backend.port, method: req.method, path, headers }, (answer) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent)
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(`502 Bad Gateway: the login system at ${backend.origin} does not answer`);
    else res.destroy();
  });
  req.pipe(upstream);
}

/** FastBee's web UI (its production build) in front of a FastBee-compatible backend, as its nginx serves it. */
export function startFastbeeUi(opts: FastbeeUiOptions): Promise<RunningFastbeeUi> {
  const root = resolve(opts.distDir);
  const backend = (): URL | undefined => {
    try {
      return new URL(typeof opts.backendUrl === 'function' ? opts.backendUrl() : opts.backendUrl);
    } catch {
      return undefined; // not listening yet
    }
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!(url === FASTBEE_API_PREFIX || url.startsWith(`${FASTBEE_API_PREFIX}/`) || url.startsWith(`${FASTBEE_API_PREFIX}?`)))
      return serveStatic(root, req, res);
    const to = backend();
    if (to) proxy(to, req, res);
    else res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('502 Bad Gateway: the login system is not running yet');
  });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      done({
        url: `http://${urlHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** What `wxmock start --fastbee-ui` prints for the UI. */
export function fastbeeUiBannerLines(url: string, distDir: string): string[] {
  return [
    `  FastBee's web UI from ${distDir}; /prod-api/* → reference-login`,
    `  login page    ${url}/login  (admin / admin123; WeChat login: the icon under the form)`,
    `  user centre   ${url}/user/profile`,
  ];
}
