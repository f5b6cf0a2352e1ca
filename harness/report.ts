import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../core/journal-entry.ts';
import type { Exchange } from '../core/http-client.ts';

export interface StepRecord {
  name: string;
  status: 'passed' | 'failed';
  durationMs: number;
  /** PNG as base64, taken after the step when it used a browser page */
  screenshot?: string;
  error?: string;
  /** the target's own defect that failed the step (FastBee's, by id and file) */
  defect?: { id: string; title: string; file: string };
}

export interface ScenarioRecord {
  name: string;
  file: string;
  target: string;
  status: 'passed' | 'failed';
  startedAt: string;
  durationMs: number;
  steps: StepRecord[];
  /** what the target asked of the mocks during the scenario */
  wechatCalls: Pick<JournalEntry, 'method' | 'path' | 'query' | 'status' | 'request' | 'response'>[];
  smsCalls: Pick<JournalEntry, 'method' | 'path' | 'status' | 'request' | 'response'>[];
  /** the target's own answers to the harness */
  targetExchanges: Exchange[];
}

export function reportDir(): string {
  return process.env.WXMOCK_REPORT_DIR ?? join(process.cwd(), 'reports');
}

/** This run's records: runs of the pack side by side (several Vitest processes) keep apart. */
function recordsDir(): string {
  return join(reportDir(), 'scenarios', process.env.WXMOCK_REPORT_RUN ?? 'default');
}

/** Each scenario writes one JSON file; the HTML report is built from all of them. */
export function saveScenarioRecord(rec: ScenarioRecord): string {
  const dir = recordsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${rec.name.replace(/[^A-Za-z0-9一-龥_-]+/g, '-').slice(0, 80)}.json`);
  writeFileSync(file, JSON.stringify(rec));
  return file;
}

export function loadScenarioRecords(dir = recordsDir()): ScenarioRecord[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScenarioRecord)
    .sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

function callRows(calls: ScenarioRecord['wechatCalls'] | ScenarioRecord['smsCalls']): string {
  if (!calls.length) return '<p class="none">none</p>';
  return `<table class="calls"><tr><th>request</th><th>status</th><th>response</th></tr>${calls
    .map(
      (c) =>
        `<tr><td><code>${esc(c.method)} ${esc(c.path)}${'query' in c && c.query ? `?${esc(c.query)}` : ''}</code>${c.request?.body ? `<pre>${esc(JSON.stringify(c.request.body))}</pre>` : ''}</td><td>${c.status}</td><td><pre>${esc(JSON.stringify(c.response?.body)).slice(0, 600)}</pre></td></tr>`,
    )
    .join('')}</table>`;
}

/** One self-contained HTML file: a summary table, then a section per scenario. */
function renderReport(records: ScenarioRecord[], title = 'wxmock scenario report'): string {
  const passed = records.filter((r) => r.status === 'passed').length;
  const summary = records
    .map(
      (r, i) =>
        `<tr class="${r.status}"><td><a href="#s${i}">${esc(r.name)}</a></td><td>${esc(r.file)}</td><td>${esc(r.target)}</td><td>${r.status}</td><td>${(r.durationMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join('');
  const sections = records
    .map(
      (r, i) => `<section id="s${i}" class="scenario ${r.status}" data-testid="scenario">
  <h2><span class="badge">${r.status}</span> ${esc(r.name)}</h2>
  <p class="meta">${esc(r.file)} · target ${esc(r.target)} · ${esc(r.startedAt)} · ${(r.durationMs / 1000).toFixed(1)} s</p>
  <ol class="steps">${r.steps
    .map(
      (s) =>
        `<li class="${s.status}" data-testid="step"><div><span class="badge">${s.status}</span> ${esc(s.name)} <span class="dur">${s.durationMs} ms</span></div>${s.defect ? `<p class="defect" data-testid="defect">FastBee defect (${esc(s.defect.id)}) in <code>${esc(s.defect.file)}</code>: ${esc(s.defect.title)}</p>` : ''}${s.error ? `<pre class="error">${esc(s.error)}</pre>` : ''}${s.screenshot ? `<img alt="${esc(s.name)}" data-testid="screenshot" src="data:image/png;base64,${s.screenshot}">` : ''}</li>`,
    )
    .join('')}</ol>
  <details><summary>WeChat API calls the target made (${r.wechatCalls.length})</summary>${callRows(r.wechatCalls)}</details>
  <details><summary>SMS gateway calls the target made (${r.smsCalls.length})</summary>${callRows(r.smsCalls)}</details>
</section>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.failed td{background:#fff0f0}.badge{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.8rem;color:#fff;background:#07c160}
.failed>h2 .badge,li.failed .badge{background:#e64340}section{border-top:2px solid #eee;margin-top:2rem}
.steps li{margin:.6rem 0}.steps img{display:block;max-width:640px;border:1px solid #ccc;margin:.4rem 0}
pre{white-space:pre-wrap;word-break:break-all;margin:0;font-size:12px}pre.error{color:#b00;background:#fff0f0;padding:.4rem}
.dur,.meta{color:#888;font-size:.85rem}.defect{margin:.3rem 0;color:#8a5300;font-weight:600}.calls pre{max-height:12rem;overflow:auto}
</style></head><body><h1>${esc(title)}</h1>
<p data-testid="summary">${passed} of ${records.length} scenarios passed</p>
<table data-testid="summary-table"><tr><th>scenario</th><th>file</th><th>target</th><th>result</th><th>time</th></tr>${summary}</table>
${sections}</body></html>`;
}

export function writeReport(records = loadScenarioRecords(), file = join(reportDir(), 'scenarios.html')): string {
  mkdirSync(reportDir(), { recursive: true });
  writeFileSync(file, renderReport(records));
  return file;
}
