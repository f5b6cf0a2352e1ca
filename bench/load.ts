import autocannon from 'autocannon';

/** One request of a load run; `next()` may hand out a fresh code or signature each time. */
export interface Shot {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  /** called once per request, so every request can carry its own single-use input */
  next: () => Shot;
  /** true when the answer is the success the endpoint is meant to give (WeChat errors are HTTP 200) */
  ok: (status: number, body: string) => boolean;
  /** fixed number of requests, or else a duration */
  amount?: number;
  seconds?: number;
  connections?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** milliseconds, from the load generator's own clock per response (autocannon's histogram rounds to 1 ms) */
  p50: number;
  p99: number;
  /** answers that were not the expected success, and socket errors / timeouts */
  bad: number;
  errors: number;
  firstBad?: string;
  /** server CPU time per answered request, microseconds (filled in by measure()) */
  cpuUs?: number;
}

export const CONNECTIONS = 10;

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs autocannon against one endpoint and checks every answer. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let bad = 0;
  let answered = 0;
  let firstBad: string | undefined;
  let lastAnswerAt = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections ?? CONNECTIONS,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 5 }),
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const s = spec.next();
          return { ...req, method: s.method ?? 'GET', path: s.path, headers: { ...req.headers, ...s.headers }, body: s.body };
        },
        onResponse: (status, body) => {
          answered++;
          lastAnswerAt = performance.now();
          if (!spec.ok(status, body)) {
            bad++;
            firstBad ??= `HTTP ${status} ${body.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const started = performance.now();
  const result = await instance;
  // autocannon notices the end only on its next 1 s tick: time the run by its last answer instead.
  const seconds = ((lastAnswerAt || performance.now()) - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: answered,
    seconds,
    rps: answered / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    bad,
    errors: result.errors + result.timeouts,
    firstBad,
  };
}

/** Median of numbers (NaN for none). */
export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
