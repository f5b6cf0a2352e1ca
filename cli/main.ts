import { parseArgs } from './args.ts';

const HELP = `wxmock: local sandbox for WeChat and SMS login

  wxmock start [--host 127.0.0.1] [--login-port 7700] [--wechat-port 7701] [--sms-port 7702] [--console-port 7703]
               [--data-dir .wxmock] [--memory] [--config wxmock.config.json]
               [--control-token T] [--public-host HOST] [--fastbee-ui <dist dir> [--fastbee-ui-port 7704]]
      starts the mocks and the reference login system; state persists in --data-dir;
      --fastbee-ui serves FastBee's real web UI (a build of its vue/) in front of it
  wxmock scenarios [--target reference|fastbee] [--target-url URL] [--target-api-url URL]
                   [--wechat-url URL --sms-url URL] [--only NAME] [--report-dir reports]
      runs the scenario pack and writes reports/scenarios.html
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
