import { serve } from '@hono/node-server';
import type { Server } from 'node:http';

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and resolves once the socket is bound. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: opts.port ?? 0, hostname: host }, (info) => {
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${urlHost}:${info.port}`,
        port: info.port,
        host,
        close: () =>
          new Promise<void>((done) => {
            const s = server as unknown as Server;
            s.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            s.closeAllConnections?.();
          }),
      });
    }) as unknown as Server;
    server.once('error', reject);
  });
}
