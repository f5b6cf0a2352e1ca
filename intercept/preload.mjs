// The Node preload: `node --import wxmock/intercept app.js` (or NODE_OPTIONS="--import wxmock/intercept")
// sends every TLS connection to the hosts wxmock answers as (api.weixin.qq.com, the SMS gateways, …)
// to the running sandbox, trusting its CA for those connections only. node:https, fetch, undici, got,
// axios and urllib all open their connections through tls.connect, so patching it covers them all;
// see docs/intercept.md#3-the-node-preload. Plain JavaScript, so plain `node` loads it without a TypeScript loader.
import { get } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import tls from 'node:tls';

const DEFAULT_PROXY = 'http://127.0.0.1:7704';

/** The sandbox's proxy URL: WXMOCK_INTERCEPT as a URL or host:port, else wxmock start's default. */
function proxyUrl() {
  const raw = (process.env.WXMOCK_INTERCEPT || DEFAULT_PROXY).trim();
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
}

/** GET /__wxmock/intercept on the proxy: the HTTPS listener's port, the host list and the CA. */
function fetchInfo(proxy) {
  return new Promise((resolve, reject) => {
    const req = get(new URL('/__wxmock/intercept', proxy), { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          const info = JSON.parse(body);
          if (res.statusCode !== 200 || info.service !== 'wxmock intercept') throw new Error(`unexpected answer ${res.statusCode}`);
          resolve(info);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

const proxy = proxyUrl();
let info;
try {
  info = await fetchInfo(proxy);
} catch (e) {
  // Failing closed: an app that runs on without the sandbox would talk to the real WeChat.
  throw new Error(
    `wxmock/intercept: no wxmock sandbox answers at ${proxy.origin} (${e.message}). ` +
      'Start one with `wxmock start`, or set WXMOCK_INTERCEPT to the proxy URL it prints.',
  );
}

const hosts = new Set(info.hosts);
const sandbox = { host: proxy.hostname.replace(/^\[|\]$/g, ''), port: info.httpsPort };
const originalConnect = tls.connect;

/** tls.connect's argument forms: (options[, cb]), (port[, host][, options][, cb]), (path[, options][, cb]). */
function splitArgs(args) {
  const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const list = cb ? args.slice(0, -1) : args;
  if (list[0] !== null && typeof list[0] === 'object') return { options: { ...list[0] }, cb };
  const options = {};
  if (typeof list[0] === 'number' || (typeof list[0] === 'string' && /^\d+$/.test(list[0]))) {
    options.port = Number(list[0]);
    if (typeof list[1] === 'string') options.host = list[1];
  } else if (typeof list[0] === 'string') options.path = list[0];
  const extra = list.slice(1).find((a) => a !== null && typeof a === 'object');
  return { options: { ...options, ...extra }, cb };
}

function interceptedName(options) {
  const name = String(options.servername || options.host || '')
    .toLowerCase()
    .replace(/\.$/, '');
  return hosts.has(name) ? name : undefined;
}

tls.connect = function connect(...args) {
  const { options, cb } = splitArgs(args);
  const name = interceptedName(options);
  if (!name) return originalConnect.apply(this, args);
  // A socket handed in (a proxy tunnel, say) leads to the real host: the sandbox replaces it.
  if (options.socket) options.socket.destroy();
  const own = options.ca === undefined ? [] : [options.ca].flat();
  const redirected = { ...options, host: sandbox.host, port: sandbox.port, servername: name, ca: [...own, info.ca] };
  for (const k of ['socket', 'path', 'secureContext', 'lookup']) delete redirected[k];
  return cb ? originalConnect.call(this, redirected, cb) : originalConnect.call(this, redirected);
};
// `import { connect } from 'node:tls'` in ES modules loaded from now on sees the patched function.
syncBuiltinESMExports();
