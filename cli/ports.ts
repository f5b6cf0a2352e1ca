import { createServer } from 'node:net';
import { describeHolder, type LockInfo } from './data-dir-lock.ts';

/** A port `wxmock start` is about to listen on, and the flag that chose it. */
export interface PortUse {
  flag: string;
  service: string;
  port: number;
}

/** Why a port cannot be listened on (EADDRINUSE, EACCES, …), or undefined when it can. */
function tryPort(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/**
 * The ports that cannot be listened on now, all at once, before any service opens its state:
 * a person learns of every clash in one message. (Port 0, any free port, never clashes.)
 */
export async function unavailablePorts(host: string, uses: PortUse[]): Promise<(PortUse & { code: string })[]> {
  const out: (PortUse & { code: string })[] = [];
  for (const u of uses) {
    if (u.port === 0) continue;
    const code = await tryPort(host, u.port);
    if (code) out.push({ ...u, code });
  }
  return out;
}

/** Two flags naming the same port, which could never both listen. */
export function samePortTwice(uses: PortUse[]): string | undefined {
  for (let i = 0; i < uses.length; i++) {
    for (let j = i + 1; j < uses.length; j++) {
      const [a, b] = [uses[i]!, uses[j]!];
      if (a.port !== 0 && a.port === b.port) return `--${a.flag} and --${b.flag} are both ${a.port}: each service needs its own port`;
    }
  }
  return undefined;
}

/**
 * What to tell a person whose ports are taken: which flag chose each, that another wxmock is the
 * likely holder (named, with its pid and URLs, when its lock file says so), how to stop it and how
 * to start this one elsewhere.
 */
export function unavailablePortsMessage(host: string, busy: (PortUse & { code: string })[], running: LockInfo | undefined): string {
  const lines = busy.map(
    (b) => `  ${b.port} (--${b.flag}, ${b.service}): ${b.code === 'EADDRINUSE' ? 'in use' : b.code === 'EACCES' ? 'not allowed for this user' : b.code}`,
  );
  const inUse = busy.filter((b) => b.code === 'EADDRINUSE');
  const out = [`wxmock start: ${busy.length === 1 ? 'a port' : 'ports'} on ${host} cannot be used:`, ...lines];
  if (inUse.length) {
    if (running) {
      out.push(
        '',
        `Another wxmock is running (${describeHolder(running)}), state in ${running.dataDir}.`,
        `Stop it with Ctrl-C in its terminal (or: kill ${running.pid}), or run this one on other ports.`,
      );
    } else {
      out.push(
        '',
        'Another wxmock is probably running: its banner, in the terminal where it was started, lists its ports;',
        'stop it there with Ctrl-C, or run this one on other ports.',
      );
    }
    const p = inUse[0]!.port;
    out.push(`What holds a port: ss -ltnp 'sport = :${p}' (Linux) or lsof -nP -iTCP:${p} -sTCP:LISTEN (macOS).`);
  }
  const example = busy.map((b) => `--${b.flag} ${b.port + 100 > 65535 ? 0 : b.port + 100}`).join(' ');
  out.push('', `Other ports: npm start -- ${example}   (or: npx wxmock start ${example}; 0 picks a free port)`);
  return out.join('\n');
}
