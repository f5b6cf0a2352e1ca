/**
 * `npm run bench [-- --quick] [--only http,cold,logins,scenarios,memory] [--json out.json] [--compare DIR] [--rounds N]`
 *
 * Every figure is printed next to the baseline it is judged against, measured in the same run on
 * the same machine: the bare Hono hello-world (the ceiling of our server stack) and
 * oauth2-mock-server (the nearest peer). Servers run in child processes, the load generator here.
 * Progress goes to stderr, the tables (Markdown) to stdout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ROOT } from './child.ts';
import { measureColdStart, type ColdStartFigure } from './cold-start.ts';
import { measureHttp, type HttpFigures } from './http.ts';
import { CONNECTIONS } from './load.ts';
import { measureLogins, type LoginFigure } from './logins.ts';
import { mb, measureMemory, type MemoryFigure } from './memory.ts';
import { measureStartMemory, type StartMemoryFigure } from './start-memory.ts';
import { measureScenarios, type ScenarioRunFigure } from './scenarios.ts';
import { table } from './table.ts';

const SECTIONS = ['http', 'cold', 'logins', 'scenarios', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

interface Plan {
  quick: boolean;
  sections: Section[];
  json?: string;
  /** another checkout of wxmock (with node_modules) whose mocks are measured beside this one's */
  compare?: string;
  /** rounds of the HTTP section (3, or 1 with --quick) */
  rounds?: number;
}

function parseArgs(argv: string[]): Plan {
  const plan: Plan = { quick: false, sections: [...SECTIONS] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') plan.quick = true;
    else if (a === '--only') plan.sections = (argv[++i] ?? '').split(',').filter((s): s is Section => (SECTIONS as readonly string[]).includes(s));
    else if (a === '--json') plan.json = argv[++i];
    else if (a === '--compare') plan.compare = resolve(argv[++i] ?? '');
    else if (a === '--rounds') plan.rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}; use --quick, --only ${SECTIONS.join(',')}, --json FILE, --compare DIR, --rounds N`);
  }
  if (plan.rounds !== undefined && !(Number.isInteger(plan.rounds) && plan.rounds > 0)) throw new Error('--rounds takes a positive whole number');
  if (!plan.sections.length) throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(', ')}`);
  return plan;
}

const pkgVersion = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function machine(): string {
  const cpu = cpus();
  return [
    `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `${process.platform} ${release()}, Node ${process.version}`,
    `hono ${pkgVersion('hono')}, @hono/node-server ${pkgVersion('@hono/node-server')}, better-sqlite3 ${pkgVersion('better-sqlite3')}, autocannon ${pkgVersion('autocannon')}, oauth2-mock-server ${pkgVersion('oauth2-mock-server')}`,
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ].join('; ');
}

const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const int = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');

function httpTables(h: HttpFigures): string {
  const f = h.figures;
  const token = f.get('oauth2-token')!;
  const rows = [...f.values()].map((g) => {
    const baseline = g.key === 'hono' ? 'ceiling' : g.key.startsWith('oauth2') ? 'peer' : '';
    const mock = !baseline;
    const vsHono = g.ceilingRatio;
    const vsPeer = g.rps / token.rps;
    return [
      g.label + (baseline ? ` (${baseline})` : ''),
      int(g.rps),
      ms(g.p50),
      ms(g.p99),
      int(g.cpuUs),
      x(vsHono) + (mock ? (vsHono <= 2 ? ' ✓' : ' ✗') : ''),
      g.key.startsWith('oauth2') ? '' : x(vsPeer) + (mock ? (vsPeer > 1 ? ' ✓' : ' ✗') : ''),
      g.bad ? String(g.bad) : '0',
    ];
  });
  return [
    `## HTTP: hot endpoints (median of ${h.rounds} round${h.rounds > 1 ? 's' : ''}, ${CONNECTIONS} connections, about ${h.options.seconds} s each after ${h.options.warmup} warm-up requests)`,
    '',
    'Each endpoint ran between two runs of the bare Hono server; "Hono ÷ this" compares it with their mean.',
    '',
    table(
      ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'Hono ÷ this, req/s (goal ≤ 2)', 'this ÷ oauth2 token, req/s (goal > 1)', 'wrong answers'],
      rows,
    ),
  ].join('\n');
}

/** This checkout's mocks against the other one's (`--compare`), endpoint by endpoint, from the same interleaved rounds. */
function compareTable(h: HttpFigures, name: string): string {
  const rows: string[][] = [];
  for (const g of h.figures.values()) {
    const other = h.figures.get(`${g.key}@compare`);
    if (!other) continue;
    rows.push([
      g.label,
      int(other.rps),
      int(g.rps),
      `${((g.rps / other.rps - 1) * 100).toFixed(1)} %`,
      int(other.cpuUs),
      int(g.cpuUs),
      `${((g.cpuUs / other.cpuUs - 1) * 100).toFixed(1)} %`,
    ]);
  }
  return [
    `## This checkout against ${name} (same rounds, each endpoint of the two back to back, the order flipping every round)`,
    '',
    table(['endpoint', `req/s, ${name}`, 'req/s, this', 'req/s change', `server CPU µs/req, ${name}`, 'server CPU µs/req, this', 'CPU change'], rows),
  ].join('\n');
}

function startMemoryTable(m: StartMemoryFigure[]): string {
  return [
    '## Memory of `wxmock start` (state in files) under mixed requests, with the console polling as its journal page does',
    '',
    table(
      ['server', 'requests', 'console polls: heads / journals / statuses', 'RSS idle', 'RSS after a fifth', 'RSS after', 'RSS peak', 'seconds'],
      m.map((f) => [
        f.label,
        String(f.requests),
        `${f.polls.head} / ${f.polls.journal} / ${f.polls.status}`,
        mb(f.rssIdleBytes),
        f.checkpoints[0] ? mb(f.checkpoints[0].rssBytes) : '–',
        mb(f.rssBytes),
        mb(f.rssPeakBytes),
        f.seconds.toFixed(0),
      ]),
    ),
  ].join('\n');
}

function coldTable(c: ColdStartFigure[]): string {
  const oa = c.find((f) => f.key === 'oauth2')!;
  return [
    `## Cold start: process spawn to first answered request (${c[0]!.runs.length} runs each, alternating)`,
    '',
    table(
      ['server', 'median ms', 'min ms', 'this ÷ oauth2-mock-server'],
      c.map((f) => [f.label, int(f.medianMs), int(f.minMs), x(f.medianMs / oa.medianMs)]),
    ),
  ].join('\n');
}

function loginTable(l: LoginFigure[], hono?: number): string {
  return [
    `## Full login round trips through reference-login, no browser (${l[0]!.concurrency} clients at once)`,
    '',
    table(
      ['flow', 'logins/s', 'p50 ms per login', 'HTTP requests per login', 'requests/s', ...(hono ? ['Hono req/s ÷ requests/s'] : []), 'failures'],
      l.map((f) => [
        f.label,
        f.perSecond.toFixed(1),
        ms(f.p50Ms),
        String(f.requestsPerLogin),
        int(f.perSecond * f.requestsPerLogin),
        ...(hono ? [x(hono / (f.perSecond * f.requestsPerLogin))] : []),
        String(f.failures),
      ]),
    ),
  ].join('\n');
}

function scenarioTable(s: ScenarioRunFigure[]): string {
  return [
    '## Scenario pack wall time',
    '',
    table(
      ['run', 'wall s', "tests' own time s", 'passed', 'failed'],
      s.map((f) => [`${f.label}: \`${f.command}\``, (f.wallMs / 1000).toFixed(1), (f.testsMs / 1000).toFixed(1), String(f.passed), String(f.failed)]),
    ),
  ].join('\n');
}

function memoryTable(m: MemoryFigure[]): string {
  const rows: string[][] = [];
  for (const f of m) {
    if (f.early) rows.push([f.label, String(f.early.requests), mb(f.rssIdleBytes), mb(f.early.rssBytes), String(f.early.journalRows), mb(f.early.dbBytes)]);
    rows.push([
      f.label,
      String(f.requests),
      mb(f.rssIdleBytes),
      mb(f.rssBytes),
      f.journalRows === undefined ? '' : String(f.journalRows),
      f.dbBytes === undefined ? '' : mb(f.dbBytes),
    ]);
  }
  return ['## Memory and journal', '', table(['server', 'requests', 'RSS idle', 'RSS after', 'journal rows', 'database (file + WAL)'], rows)].join('\n');
}

async function main(): Promise<number> {
  const plan = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const scratch = mkdtempSync(join(tmpdir(), 'wxmock-bench-'));
  const began = performance.now();
  const results: Record<string, unknown> = { quick: plan.quick, machine: machine(), at: new Date().toISOString() };
  const out: string[] = [
    `# wxmock bench (${plan.quick ? 'quick' : 'full'} run, ${new Date().toISOString()})`,
    '',
    `Machine: ${results.machine}.`,
    '',
    `Reproduce: \`npm run bench${plan.quick ? ' -- --quick' : ''}\``,
  ];
  try {
    let honoRps: number | undefined;
    if (plan.sections.includes('http')) {
      log('HTTP throughput …');
      const compare = plan.compare ? { root: plan.compare, name: basename(plan.compare) } : undefined;
      const h = plan.quick
        ? await measureHttp(plan.rounds ?? 1, { warmup: 500, seconds: 1.5 }, scratch, log, compare)
        : await measureHttp(plan.rounds ?? 3, { warmup: 1000, seconds: 2 }, scratch, log, compare);
      honoRps = h.figures.get('hono')?.rps;
      results.http = Object.fromEntries(h.figures);
      out.push('', httpTables(h));
      if (compare) out.push('', compareTable(h, compare.name));
    }
    if (plan.sections.includes('cold')) {
      log('cold start …');
      const c = await measureColdStart(plan.quick ? 3 : 7, log);
      results.coldStart = c;
      out.push('', coldTable(c));
    }
    if (plan.sections.includes('logins')) {
      log('login round trips …');
      const l = await measureLogins({ seconds: plan.quick ? 3 : 10, concurrency: 4 }, log);
      results.logins = l;
      out.push('', loginTable(l, honoRps));
    }
    if (plan.sections.includes('memory')) {
      log('memory and journal …');
      const total = plan.quick ? 20_000 : 100_000;
      const m = await measureMemory(total, join(scratch, 'memory-wechat.db'), log);
      results.memory = m;
      out.push('', memoryTable(m));
      log('memory of wxmock start under mixed requests and the console …');
      const started = [await measureStartMemory(total, log)];
      if (plan.compare) started.push(await measureStartMemory(total, log, { root: plan.compare, label: `wxmock start [${basename(plan.compare)}]` }));
      results.startMemory = started;
      out.push('', startMemoryTable(started));
    }
    if (plan.sections.includes('scenarios')) {
      log(plan.quick ? 'one browser scenario (--quick leaves out the whole pack) …' : 'scenario pack …');
      const s = await measureScenarios(!plan.quick, log);
      results.scenarios = s;
      out.push('', scenarioTable(s));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  out.push('', `Bench time: ${((performance.now() - began) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (plan.json) writeFileSync(plan.json, `${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

process.exitCode = await main();
