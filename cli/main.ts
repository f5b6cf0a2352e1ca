import { closest } from './closest.ts';
import { commandHelp, parseCommandLine, UsageError, usageLine, type Command } from './flags.ts';

/** Each command's module is loaded only when needed: `start` should not pay for puppeteer or Vitest. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.ts')).startCommand,
  scenarios: async () => (await import('./scenarios.ts')).scenariosCommand,
  trust: async () => (await import('./trust.ts')).trustCommand,
  hosts: async () => (await import('./hosts.ts')).hostsCommand,
  doctor: async () => (await import('./doctor.ts')).doctorCommand,
  export: async () => (await import('./state-io.ts')).exportCommand,
  import: async () => (await import('./state-io.ts')).importCommand,
};

async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return [
    'wxmock: local sandbox for WeChat and SMS login',
    '',
    ...commands.flatMap((c) => [usageLine(c), `    ${c.summary}`, '']),
    'wxmock <command> --help (or wxmock help <command>) explains each flag.',
    'Through npm, flags go after "--": npm start -- --login-port 8000',
    '',
  ].join('\n');
}

/**
 * Exit codes: 0 done (help included, a bare `wxmock` prints the overview), 1 the command failed,
 * 2 the command line is wrong (unknown command or flag, bad value).
 */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    console.log(await overview());
    return 0;
  }
  const name = first === 'help' ? rest[0]! : first;
  const load = COMMANDS[name];
  if (!load) {
    const guess = first.startsWith('-') ? [] : closest(name, Object.keys(COMMANDS));
    console.error(
      `unknown ${first.startsWith('-') ? 'flag' : 'command'} ${name}${guess.length ? `; did you mean ${guess.join(' or ')}?` : ''}\nwxmock --help lists the commands.`,
    );
    return 2;
  }
  const command = await load();
  if (first === 'help') {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    const line = parseCommandLine(command, rest);
    if (line.help) {
      console.log(commandHelp(command));
      return 0;
    }
    return await command.run(line.values, line.args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`wxmock ${name}: ${e.message}\nwxmock ${name} --help lists every flag.`);
      return 2;
    }
    console.error(`wxmock ${name}: ${(e as Error).message}`);
    return 1;
  }
}
