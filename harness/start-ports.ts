import { createServer } from 'node:net';

/**
 * Free ports for `wxmock start` in a child process (the tests, the packaging test, the benchmarks):
 * the command takes fixed ports, so each listener gets one that was free a moment ago.
 */

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The listeners of `wxmock start`: the four services always, the interception pair and FastBee's UI when asked for. */
export interface StartPorts {
  login: number;
  wechat: number;
  sms: number;
  console: number;
  proxy?: number;
  https?: number;
  fastbeeUi?: number;
}

type Listener = keyof StartPorts;

/** A free port for each listener named, one after the other (so no two are the same). */
export async function freeStartPorts<K extends Listener>(names: readonly K[]): Promise<Pick<Required<StartPorts>, K>> {
  const ports: Partial<Record<Listener, number>> = {};
  for (const name of names) ports[name] = await freePort();
  return ports as Pick<Required<StartPorts>, K>;
}

/** The port flags of `wxmock start` for `ports`; without a proxy and an HTTPS port the interception listeners stay off (no fixed ports in tests). */
export function startPortFlags(ports: StartPorts): string[] {
  const intercept = ports.proxy !== undefined ? ['--proxy-port', String(ports.proxy), '--https-port', String(ports.https)] : ['--no-intercept'];
  const ui = ports.fastbeeUi !== undefined ? ['--fastbee-ui-port', String(ports.fastbeeUi)] : [];
  return [
    '--login-port',
    String(ports.login),
    '--wechat-port',
    String(ports.wechat),
    '--sms-port',
    String(ports.sms),
    '--console-port',
    String(ports.console),
    ...intercept,
    ...ui,
  ];
}

/** Every listener of `wxmock start` but FastBee's UI. */
export const ALL_START_LISTENERS = ['login', 'wechat', 'sms', 'console', 'proxy', 'https'] as const;
