import { load, median, type LoadResult } from './load.ts';
import type { Target } from './targets.ts';

export interface MeasureOptions {
  /** requests sent first and thrown away (JIT, SQLite page cache, connection setup) */
  warmup: number;
  /** roughly how long the measured run lasts: its request count is sized from the warm-up rate */
  seconds: number;
}

/** Warm-up, then a fixed number of requests sized to last about `seconds`; the server's CPU time is read around it. */
async function measure(t: Target, o: MeasureOptions): Promise<LoadResult> {
  await t.prepare(o.warmup);
  const w = await load({ url: t.server.url, next: t.next, ok: t.ok, amount: o.warmup });
  if (w.bad || w.errors) throw new Error(`${t.label}: warm-up got ${w.bad} wrong answers, ${w.errors} errors; first: ${w.firstBad}`);
  const n = Math.max(o.warmup, Math.round(w.rps * o.seconds));
  await t.prepare(n);
  const cpu0 = await t.server.call<number>('cpu');
  const r = await load({ url: t.server.url, next: t.next, ok: t.ok, amount: n });
  r.cpuUs = ((await t.server.call<number>('cpu')) - cpu0) / r.requests;
  return r;
}

export interface Figure {
  key: string;
  label: string;
  runs: LoadResult[];
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number;
  bad: number;
  /** median over rounds of (ceiling req/s measured right before and after ÷ this req/s) */
  ceilingRatio: number;
}

/** `list` with the items from `from` on swapped in pairs: a, b, c, d → b, a, d, c. */
function swapPairs<T>(list: T[], from: number): T[] {
  const out = list.slice();
  for (let i = from; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  return out;
}

/**
 * The machine is shared (two cores, other work coming and going), so every target is measured
 * between two runs of the ceiling and compared with their mean: ceiling, A, ceiling, B, ceiling, …
 * Repeated `rounds` times; each figure is the median of its rounds. With `pairsFrom`, the targets
 * from that index on are pairs (this checkout's, the compared one's) whose order flips every other
 * round: whichever of a pair runs first runs right after a different target than the second does,
 * and that alone moved a figure by a fifth.
 */
export async function measureInterleaved(
  ceiling: Target,
  targets: Target[],
  rounds: number,
  o: MeasureOptions,
  log: (s: string) => void,
  pairsFrom?: number,
): Promise<Map<string, Figure>> {
  const runs = new Map<string, LoadResult[]>([ceiling, ...targets].map((t) => [t.key, []]));
  const ratios = new Map<string, number[]>(targets.map((t) => [t.key, []]));
  const show = (r: number, t: Target, res: LoadResult) =>
    log(
      `  round ${r}/${rounds} ${t.label}: ${Math.round(res.rps)} req/s, p50 ${res.p50.toFixed(2)} ms, p99 ${res.p99.toFixed(2)} ms, ${Math.round(res.cpuUs ?? NaN)} µs CPU/req${res.bad || res.errors ? `, ${res.bad} wrong answers, ${res.errors} errors (${res.firstBad})` : ''}`,
    );
  for (let r = 1; r <= rounds; r++) {
    let before = await measure(ceiling, o);
    runs.get(ceiling.key)!.push(before);
    show(r, ceiling, before);
    for (const t of pairsFrom === undefined || r % 2 ? targets : swapPairs(targets, pairsFrom)) {
      const res = await measure(t, o);
      runs.get(t.key)!.push(res);
      show(r, t, res);
      const after = await measure(ceiling, o);
      runs.get(ceiling.key)!.push(after);
      ratios.get(t.key)!.push((before.rps + after.rps) / 2 / res.rps);
      before = after;
    }
  }
  const out = new Map<string, Figure>();
  for (const t of [ceiling, ...targets]) {
    const rs = runs.get(t.key)!;
    out.set(t.key, {
      key: t.key,
      label: t.label,
      runs: rs,
      rps: median(rs.map((x) => x.rps)),
      p50: median(rs.map((x) => x.p50)),
      p99: median(rs.map((x) => x.p99)),
      cpuUs: median(rs.map((x) => x.cpuUs ?? NaN)),
      bad: rs.reduce((n, x) => n + x.bad + x.errors, 0),
      ceilingRatio: t === ceiling ? 1 : median(ratios.get(t.key)!),
    });
  }
  return out;
}
