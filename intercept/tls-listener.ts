import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { INTERCEPTED_HOSTS, serviceFor } from './hosts.ts';
import type { HostDispatcher } from './dispatch.ts';
import type { LeafCertificates } from './leaf.ts';

const ALL_NAMES = INTERCEPTED_HOSTS.map((h) => h.host);

/**
 * The HTTPS server that answers as the intercepted hosts: each name gets its own certificate (by
 * SNI); a client that sends no SNI gets one certificate naming them all. It listens itself in
 * hostname mode, and the CONNECT proxy hands it the sockets of tunnels it terminates.
 */
export function createTlsServer(leaves: LeafCertificates, dispatch: HostDispatcher): Server {
  const server = createServer(
    {
      SNICallback: (servername, done) => {
        if (!serviceFor(servername)) return done(new Error(`wxmock has no certificate for ${servername}`));
        try {
          done(null, leaves.context([servername.toLowerCase()]));
        } catch (e) {
          done(e as Error);
        }
      },
      // Without SNI (an IP address as the target) this certificate, naming them all, is presented.
      secureContext: leaves.context(ALL_NAMES),
    },
    (req, res) => dispatch(req, res),
  );
  // A client that gives up mid-handshake is not the sandbox's problem.
  server.on('tlsClientError', () => undefined);
  return server;
}

export interface RunningTlsListener {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Hostname mode: the TLS server on host:port (port 0 picks a free one). */
export function listenTls(server: Server, opts: { port: number; host: string }): Promise<RunningTlsListener> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
      resolve({
        server,
        port,
        url: `https://${urlHost}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
