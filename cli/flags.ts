import { closest } from './closest.ts';

/**
 * The command line of every wxmock command comes from one table per command: each flag's name,
 * whether it takes a value, its help text and its validation. Parsing, `--help` and the "did you
 * mean" of a mistyped flag all read that table, so adding a flag is one line in it.
 */

/** A mistake in the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export interface Flag<T> {
  /** what the value looks like in --help (PORT, DIR, URL); absent for a switch */
  arg?: string;
  /** what --help says; "(default …)" is added from `initial` */
  help: string;
  /** the value when the flag is not given */
  initial: T;
  /** the value from its text; throws an Error that says what is wrong with it */
  parse(text: string): T;
}

// A table mixes flags of every value type; FlagValues recovers each one.
export type FlagTable = Record<string, Flag<unknown>>;
export type FlagValues<T extends FlagTable> = { [K in keyof T]: T[K] extends Flag<infer V> ? V : never };

function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new Error(`"${text}" is not a port number (0-65535)`);
  return n;
}

/** The kinds of flag the commands use; each returns one table entry. */
export const flag = {
  /** a TCP port; 0 lets the system pick a free one */
  port: (initial: number, help: string): Flag<number> => ({ arg: 'PORT', help, initial, parse: parsePort }),
  /** an on/off switch: --name, --name=false, --no-name */
  switch: (help: string): Flag<boolean> => ({
    help,
    initial: false,
    parse: (text) => {
      if (text === 'true' || text === '') return true;
      if (text === 'false') return false;
      throw new Error(`takes no value (got "${text}")`);
    },
  }),
  /** free text, e.g. a file or directory; `initial` is shown as the default */
  text: <D extends string | undefined = undefined>(arg: string, help: string, initial?: D): Flag<string | D> => ({
    arg,
    help,
    initial: initial as D,
    parse: (text) => {
      if (!text) throw new Error('needs a value');
      return text;
    },
  }),
  /** an http(s) URL */
  url: (help: string): Flag<string | undefined> => ({
    arg: 'URL',
    help,
    initial: undefined,
    parse: (text) => {
      let u: URL;
      try {
        u = new URL(text);
      } catch {
        throw new Error(`"${text}" is not a URL (e.g. http://127.0.0.1:8080)`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`"${text}" is not an http(s) URL`);
      return text.replace(/\/+$/, '');
    },
  }),
  /** one of a fixed set of words */
  choice: <V extends string>(values: readonly V[], initial: V, help: string): Flag<V> => ({
    arg: values.join('|'),
    help,
    initial,
    parse: (text) => {
      if (!(values as readonly string[]).includes(text)) throw new Error(`must be ${values.map((v) => `"${v}"`).join(' or ')} (got "${text}")`);
      return text as V;
    },
  }),
};

export interface Command<T extends FlagTable = FlagTable> {
  name: string;
  /** one line for `wxmock --help` */
  summary: string;
  /** positional arguments as --help shows them; a name in [brackets] is optional */
  args?: string[];
  flags: T;
  /** lines printed after the flag list: examples, what to know */
  notes?: string[];
  run(values: FlagValues<T>, args: string[]): number | Promise<number>;
}

/** Keeps the table's own type, so `run` gets typed values (a port is a number, a switch a boolean). */
export function defineCommand<T extends FlagTable>(command: Command<T>): Command<T> {
  return command;
}

const HELP_FLAG = { name: 'help', short: 'h', help: 'this help' };

function flagLabel(name: string, f: Flag<unknown>): string {
  return f.arg ? `--${name} ${f.arg}` : `--${name}`;
}

/** `wxmock start [--host HOST] [--login-port PORT] …`, wrapped for a terminal. */
export function usageLine(c: Command): string {
  const words = [
    `wxmock ${c.name}`,
    ...(c.args ?? []).map((a) => (a.startsWith('[') ? a : `<${a}>`)),
    ...Object.entries(c.flags).map(([n, f]) => `[${flagLabel(n, f)}]`),
  ];
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > 96) {
      lines.push(line);
      line = ' '.repeat(c.name.length + 8) + w;
    } else line = line ? `${line} ${w}` : w;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The whole --help text of a command, from its table. */
export function commandHelp(c: Command): string {
  const rows: [string, string][] = Object.entries(c.flags).map(([n, f]) => [
    flagLabel(n, f),
    f.arg && f.initial !== undefined ? `${f.help} (default ${f.initial})` : f.help,
  ]);
  rows.push([`-${HELP_FLAG.short}, --${HELP_FLAG.name}`, HELP_FLAG.help]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    `wxmock ${c.name}: ${c.summary}`,
    '',
    usageLine(c),
    '',
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}   ${h}`),
    ...(c.notes?.length ? ['', ...c.notes] : []),
    '',
  ].join('\n');
}

/**
 * `npm start --login-port 8000` hands the script only "8000": npm keeps --login-port as its own
 * setting and exports it as npm_config_login_port. Flags of this table found there were meant for
 * wxmock; the fix is the `--` that makes npm pass them on.
 */
function flagsTakenByNpm(c: Command, positional: string[], env: NodeJS.ProcessEnv): string | undefined {
  const script = env.npm_lifecycle_event;
  if (!script) return undefined;
  const taken: string[] = [];
  const strays = [...positional];
  for (const [name, f] of Object.entries(c.flags)) {
    const v = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (v === undefined) continue;
    // npm turns `--login-port 8000` into login_port=true and leaves 8000 as an argument.
    const value = f.arg ? (v === 'true' || v === '' ? strays.shift() : v) : undefined;
    taken.push(value === undefined ? `--${name}` : `--${name} ${value}`);
  }
  if (!taken.length) return undefined;
  const run = script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
  return `npm took ${taken.map((t) => t.split(' ')[0]).join(', ')} for itself (it passes a script only what follows "--"): write\n  ${run} -- ${taken.join(' ')}`;
}

function unknownFlag(c: Command, written: string): UsageError {
  const names = Object.keys(c.flags);
  const word = written.replace(/^-+/, '').split('=')[0]!;
  const guesses = word.length > 1 ? closest(word, [...names, HELP_FLAG.name]).map((n) => `--${n}`) : [];
  const guess = guesses.length > 1 ? `${guesses.slice(0, -1).join(', ')} or ${guesses.at(-1)}` : guesses[0];
  return new UsageError(`unknown flag ${written.split('=')[0]}${guess ? `; did you mean ${guess}?` : ''}`);
}

export type ParsedLine<T extends FlagTable> = { help: true } | { help: false; values: FlagValues<T>; args: string[] };

/**
 * Reads `--name value`, `--name=value`, `--name` / `--no-name` for switches, `-h` / `--help`, and
 * `--` (everything after it is an argument); a flag given twice takes its last value, so a wrapper
 * script can append an override. Throws UsageError for anything the table does not know.
 */
export function parseCommandLine<T extends FlagTable>(c: Command<T>, argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedLine<T> {
  if (argv.some((a, i) => (a === '--help' || a === '-h') && !argv.slice(0, i).includes('--'))) return { help: true };
  const values: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    if (!a.startsWith('--')) throw unknownFlag(c, a);
    const eq = a.indexOf('=');
    let name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let text: string | undefined = eq > 0 ? a.slice(eq + 1) : undefined;
    let f = c.flags[name];
    if (!f && name.startsWith('no-') && c.flags[name.slice(3)] && !c.flags[name.slice(3)]!.arg && text === undefined) {
      name = name.slice(3);
      f = c.flags[name];
      text = 'false';
    }
    if (!f) throw unknownFlag(c, a);
    if (f.arg && text === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--') || next === '-h') throw new UsageError(`--${name} needs a value (${f.arg})`);
      text = next;
      i++;
    }
    try {
      values[name] = f.parse(text ?? '');
    } catch (e) {
      throw new UsageError(`--${name}: ${(e as Error).message}`);
    }
  }
  const npm = flagsTakenByNpm(c, positional, env);
  if (npm) throw new UsageError(npm);
  const wanted = c.args ?? [];
  const required = wanted.filter((a) => !a.startsWith('[')).length;
  if (positional.length > wanted.length)
    throw new UsageError(`unexpected argument "${positional[wanted.length]}"${wanted.length ? '' : ` (wxmock ${c.name} takes only flags)`}`);
  if (positional.length < required) throw new UsageError(`missing ${wanted[positional.length]}`);
  for (const [name, f] of Object.entries(c.flags)) if (!(name in values)) values[name] = f.initial;
  return { help: false, values: values as FlagValues<T>, args: positional };
}
