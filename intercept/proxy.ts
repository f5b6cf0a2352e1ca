import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { INTERCEPTED_HOSTS, bareHostname, serviceFor } from './hosts.ts';
import { plainAnswer, type HostDispatcher } from './dispatch.ts';

export interface ProxyOptions {
  /** where intercepted tunnels go: the TLS server of the intercepted hosts */
  tls: HttpsServer;
  dispatch: HostDispatcher;
  /** let requests for other hosts through to the network (off by default: nothing leaves the machine) */
  passThrough: boolean;
  /** GET /__wxmock/intercept on the proxy: what the Node preload needs */
  info: () => unknown;
  caPem: string;
}

const PASS_THROUGH_FLAG = '--proxy-pass-through';

/** The clear refusal for a host wxmock does not answer as. */
function refusalText(host: string): string {
  return (
    `wxmock proxy: ${host} is not one of the hosts wxmock answers as (${INTERCEPTED_HOSTS.map((h) => h.host).join(', ')}). ` +
    `Nothing was sent beyond this machine. Start wxmock with ${PASS_THROUGH_FLAG} to let requests for other hosts through.`
  );
}

function targetOf(authority: string): { host: string; port: number } {
  const host = bareHostname(authority);
  const m = /:(\d+)$/.exec(authority.trim());
  return { host, port: m ? Number(m[1]) : 443 };
}

function refuseTunnel(socket: Duplex, host: string): void {
  const body = `${refusalText(host)}\n`;
  socket.end(
    `HTTP/1.1 403 Forbidden by wxmock\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Opens a tunnel to the real host (only with pass-through). */
function passTunnel(socket: Duplex, head: Buffer, host: string, port: number): void {
  const upstream = connect(port, host, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\nproxy-agent: wxmock\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', (e) => {
    if (socket.writable)
      socket.end(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nwxmock proxy: ${host}:${port}: ${e.message}\n`);
  });
  socket.on('error', () => upstream.destroy());
}

/** Forwards a plain-HTTP proxy request to the real host (only with pass-through). */
function passRequest(req: IncomingMessage, res: ServerResponse, url: URL): void {
  const upstream = httpRequest(
    { host: url.hostname, port: url.port || 80, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (e) => plainAnswer(res, 502, `wxmock proxy: ${url.host}: ${e.message}`));
  req.pipe(upstream);
}

/**
 * The HTTPS proxy: CONNECT to an intercepted host is answered here, with TLS ended by the local
 * CA's certificate and the request handed to the right mock; any other host is refused (or, with
 * pass-through, tunnelled). Plain-HTTP proxy requests for the intercepted hosts are answered too.
 */
export function createProxyServer(opts: ProxyOptions): { server: Server; destroyTunnels(): void } {
  // CONNECT sockets leave the HTTP server's bookkeeping: closing must end them itself.
  const tunnels = new Set<Socket>();
  // Tunnels to port 80 carry plain HTTP: this server (never listening) parses them.
  const plain = createServer((req, res) => opts.dispatch(req, res));
  const server = createServer((req, res) => {
    const raw = req.url ?? '';
    if (raw.startsWith('/')) {
      if (req.method === 'GET' && raw === '/__wxmock/intercept') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(opts.info()));
      } else if (req.method === 'GET' && raw === '/__wxmock/ca.pem') {
        res.writeHead(200, { 'content-type': 'application/x-pem-file', 'cache-control': 'no-store' });
        res.end(opts.caPem);
      } else {
        plainAnswer(
          res,
          400,
          "This is wxmock's HTTPS proxy: use it as a proxy (e.g. curl --proxy http://127.0.0.1:7704 --cacert wxmock-ca.pem https://api.weixin.qq.com/...). GET /__wxmock/ca.pem gives the CA certificate.",
        );
      }
      return;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      plainAnswer(res, 400, `wxmock proxy: not a URL: ${raw.slice(0, 200)}`);
      return;
    }
    if (serviceFor(url.host)) opts.dispatch(req, res, url.host);
    else if (opts.passThrough) passRequest(req, res, url);
    else plainAnswer(res, 403, refusalText(url.hostname));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const { host, port } = targetOf(req.url ?? '');
    if (serviceFor(host)) {
      socket.write('HTTP/1.1 200 Connection Established\r\nproxy-agent: wxmock\r\n\r\n');
      if (head.length) socket.unshift(head);
      (port === 80 ? plain : opts.tls).emit('connection', socket);
    } else if (opts.passThrough) passTunnel(socket, head, host, port);
    else refuseTunnel(socket, host);
  });
  return {
    server,
    destroyTunnels: () => {
      for (const s of tunnels) s.destroy();
    },
  };
}
