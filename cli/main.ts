import { parseArgs } from './args.ts';

const HELP = `wxmock: local sandbox for WeChat and SMS login

  wxmock start [--host 127.0.0.1] [--login-port 7700] [--wechat-port 7701] [--sms-port 7702] [--console-port 7703]
               [--data-dir .wxmock] [--memory] [--config wxmock.config.json]
               [--control-token T] [--public-host HOST]
               [--proxy-port 7704] [--https-port 7705] [--proxy-pass-through] [--no-intercept]
      starts the mocks and the reference login system; state persists in --data-dir;
      the HTTPS proxy and the hostname-mode listener answer as api.weixin.qq.com and the SMS gateways
  wxmock scenarios [--target reference|fastbee] [--target-url URL] [--target-api-url URL]
                   [--wechat-url URL --sms-url URL] [--only NAME] [--report-dir reports]
      runs the scenario pack and writes reports/scenarios.html
  wxmock trust [--data-dir .wxmock] [--out DIR] [--password changeit] [--system]
      prints the sandbox's CA and what curl, Node and the JVM need; --out writes PEM, DER and a
      PKCS#12 truststore; --system installs the CA in Debian's trust store
  wxmock hosts [--ip 127.0.0.1]   prints the /etc/hosts lines for hostname mode
  wxmock doctor                   checks Node, SQLite, Chromium and fonts, and says how to fix
  wxmock export [--out f.json]    writes the whole sandbox state as JSON
  wxmock import <f.json>          replaces the sandbox state with an export
`;

export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command, ...rest] = positional;
  try {
    switch (command) {
      // Each command loads only its own modules: `start` should not pay for puppeteer or Vitest.
      case 'start':
        return await (await import('./start.ts')).start(flags);
      case 'scenarios':
        return await (await import('./scenarios.ts')).scenarios(flags);
      case 'trust':
        return await (await import('./trust.ts')).trust(flags);
      case 'hosts':
        return (await import('./hosts.ts')).hosts(flags);
      case 'doctor':
        return await (await import('./doctor.ts')).doctor();
      case 'export':
        return (await import('./state-io.ts')).exportCommand(flags);
      case 'import':
        return (await import('./state-io.ts')).importCommand(rest[0], flags);
      case undefined:
      case 'help':
        console.log(HELP);
        return command ? 0 : 2;
      default:
        console.error(`unknown command ${command}\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    console.error(`wxmock ${command}: ${(e as Error).message}`);
    return 1;
  }
}
