import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

/** The host to put in a URL for a listener on `host`: IPv6 in brackets, the wildcard as loopback. */
function urlHostOf(host: string): string {
  return host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
}

/** Closes a server now: keep-alive sockets would otherwise hold close() open until they time out. */
function closeNow(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections?.();
  });
}

/** Listens on host:port (port 0 picks a free one) and resolves once the socket is bound. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: opts.port ?? 0, hostname: host }, (info) => {
      resolve({ url: `http://${urlHostOf(host)}:${info.port}`, port: info.port, host, close: () => closeNow(server) });
    }) as unknown as Server;
    server.once('error', reject);
  });
}

/** The same for a Node server made elsewhere (an HTTPS server, a proxy): `scheme` names its URL's. */
export function listenServer<S extends Server>(
  server: S,
  opts: { port: number; host: string },
  scheme: 'http' | 'https',
): Promise<RunningServer & { server: S }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({ server, port, host: opts.host, url: `${scheme}://${urlHostOf(opts.host)}:${port}`, close: () => closeNow(server) });
    });
  });
}

/** What every service's create function returns: its app and how to end it once the server is closed. */
interface Service {
  app: { fetch: (req: Request) => Response | Promise<Response> };
  close(): void;
}

/** A service listening: the server, its URL, and stop(), which closes the server and then the service. */
export type StartedService<S extends Service> = S & { server: RunningServer; url: string; stop(): Promise<void> };

/**
 * Listens for a service made by its create function (port 0 = a free port). `listening` learns the
 * URL (a service whose public URL defaults to it); `stopping` runs before the server is closed
 * (what would hold requests open, such as long-polls).
 */
export async function startService<S extends Service>(
  service: S,
  opts: { port?: number; host?: string },
  hooks: { listening?(url: string): void; stopping?(): void } = {},
): Promise<StartedService<S>> {
  const server = await listen(service.app.fetch, { port: opts.port, host: opts.host });
  hooks.listening?.(server.url);
  return {
    ...service,
    server,
    url: server.url,
    stop: async () => {
      hooks.stopping?.();
      await server.close();
      service.close();
    },
  };
}
