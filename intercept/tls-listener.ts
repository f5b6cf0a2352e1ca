import { createServer, type Server } from 'node:https';
import { INTERCEPTED_HOSTS, serviceFor } from './hosts.ts';
import type { HostDispatcher } from './dispatch.ts';
import type { LeafCertificates } from './leaf.ts';

const ALL_NAMES = INTERCEPTED_HOSTS.map((h) => h.host);

/**
 * The HTTPS server that answers as the intercepted hosts: each name gets its own certificate (by
 * SNI); a client that sends no SNI gets one certificate naming them all. It listens (through core/serve.ts) in
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
