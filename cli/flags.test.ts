import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './closest.ts';
import { commandHelp, defineCommand, flag, parseCommandLine, UsageError } from './flags.ts';

const demo = defineCommand({
  name: 'demo',
  summary: 'a command to parse with',
  args: ['[FILE]'],
  flags: {
    'login-port': flag.port(7700, 'the login system'),
    'console-port': flag.port(7703, 'the console'),
    memory: flag.switch('keep nothing'),
    target: flag.choice(['reference', 'fastbee'], 'reference', 'what to test'),
    'target-url': flag.url('where it is'),
    'data-dir': flag.text('DIR', 'state', '.wxmock'),
  },
  run: () => 0,
});

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(demo, argv, env);
const usage = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parse(argv, env);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('closest', () => {
  it('counts a swapped pair as one edit and prefers flags that contain the word', () => {
    expect(editDistance('memroy', 'memory')).toBe(1);
    expect(editDistance('onyl', 'only')).toBe(1);
    expect(closest('memroy', ['memory', 'host'])).toEqual(['memory']);
    expect(closest('port', ['host', 'login-port', 'sms-port'])).toEqual(['login-port', 'sms-port']);
  });
});

describe('parseCommandLine', () => {
  it('reads every form from the table, with defaults and typed values', () => {
    const line = parse(['--login-port', '8000', '--console-port=0', '--memory', '--target', 'fastbee', '--target-url', 'http://x.test/', 'state.json']);
    expect(line).toEqual({
      help: false,
      args: ['state.json'],
      values: { 'login-port': 8000, 'console-port': 0, memory: true, target: 'fastbee', 'target-url': 'http://x.test', 'data-dir': '.wxmock' },
    });
    expect(parse(['--memory', '--no-memory'])).toMatchObject({ values: { memory: false } });
    expect(parse(['--', '--memory'])).toMatchObject({ args: ['--memory'], values: { memory: false } });
    expect(parse(['--login-port', '1', '--login-port', '2'])).toMatchObject({ values: { 'login-port': 2 } });
    expect(parse(['--memory', '-h'])).toEqual({ help: true });
  });

  it('names what is wrong: unknown flags with the closest ones, bad values, missing values, stray arguments', () => {
    expect(usage(['--port', '1'])).toBe('unknown flag --port; did you mean --login-port or --console-port?');
    expect(usage(['--memroy'])).toBe('unknown flag --memroy; did you mean --memory?');
    expect(usage(['--login-port', 'abc'])).toBe('--login-port: "abc" is not a port number (0-65535)');
    expect(usage(['--login-port', '65536'])).toContain('not a port number');
    expect(usage(['--login-port'])).toBe('--login-port needs a value (PORT)');
    expect(usage(['--target', 'fastbe'])).toContain('must be "reference" or "fastbee"');
    expect(usage(['--target-url', 'fastbee.local'])).toContain('not a URL');
    expect(usage(['--memory=yes'])).toContain('takes no value');
    expect(usage(['-p'])).toBe('unknown flag -p');
    expect(usage(['a.json', 'b.json'])).toBe('unexpected argument "b.json"');
  });

  it('recognises flags npm kept for itself and shows the `--` form', () => {
    const env = { npm_lifecycle_event: 'start', npm_config_login_port: 'true', npm_config_memory: 'true' };
    expect(usage(['8000'], env)).toBe(
      'npm took --login-port, --memory for itself (it passes a script only what follows "--"): write\n  npm start -- --login-port 8000 --memory',
    );
  });
});

describe('commandHelp', () => {
  it('lists every flag of the table with its value, help and default', () => {
    const help = commandHelp(demo);
    for (const line of [
      '--login-port PORT',
      'the login system (default 7700)',
      '--memory',
      '--target reference|fastbee',
      '--target-url URL',
      '-h, --help',
      'wxmock demo [FILE]',
    ])
      expect(help).toContain(line);
  });
});
