import type { JournalEntry } from '../core/journal.ts';
import { maskBody, maskHeaders, maskJson, maskParams } from '../core/mask.ts';
import { answerError, type MockLink, type MockName } from './mock-link.ts';

/** A journal entry of either mock, as the console shows it. */
export interface ConsoleJournalEntry extends JournalEntry {
  source: MockName;
  /** unique across both mocks, e.g. "wechat:42" */
  key: string;
  /** what was called: the path, or for the SMS gateways (all on "/") the API action */
  endpoint: string;
  /** the outcome in the service's own words: "ok", an errcode, an Aliyun/Tencent Code */
  outcome: string;
}

export interface JournalQuery {
  source?: string;
  path?: string;
  appid?: string;
  persona?: string;
  phone?: string;
  limit?: number;
}

export interface MergedJournal {
  entries: ConsoleJournalEntry[];
  /** changes whenever a newer matching entry exists (or the journal was cleared): the page's cheap poll */
  head: string;
  errors: { source: MockName; code: string; message: string }[];
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'string') return undefined;
  return new URLSearchParams(body).get(name) ?? undefined;
}

/** SMS gateway calls all go to "/": the action name (SendSms, …) says what was called. */
function smsAction(e: JournalEntry): string | undefined {
  const h = e.request.headers ?? {};
  return h['x-acs-action'] ?? h['x-tc-action'] ?? new URLSearchParams(e.query).get('Action') ?? formField(e.request.body, 'Action');
}

/** The service's verdict from the response body: WeChat answers errors with HTTP 200 and an errcode. */
function outcomeOf(e: JournalEntry): string {
  const b = e.response.body;
  if (isObj(b)) {
    if (typeof b.errcode === 'number') return b.errcode === 0 ? 'ok' : `errcode ${b.errcode}`;
    if (typeof b.Code === 'string') return b.Code === 'OK' ? 'ok' : b.Code;
    const r = b.Response;
    if (isObj(r)) {
      if (isObj(r.Error) && typeof r.Error.Code === 'string') return r.Error.Code;
      const first = Array.isArray(r.SendStatusSet) ? r.SendStatusSet.find((s) => isObj(s) && s.Code !== 'Ok') : undefined;
      if (isObj(first) && typeof first.Code === 'string') return first.Code;
      return 'ok';
    }
    if (typeof b.errCode === 'number') return b.errCode === 0 ? 'ok' : `errCode ${b.errCode}`;
    if (typeof b.errMsg === 'string') return b.errMsg.endsWith(':ok') ? 'ok' : b.errMsg;
    if (isObj(b.error) && typeof b.error.code === 'string') return b.error.code;
  }
  return e.status < 400 ? 'ok' : `HTTP ${e.status}`;
}

/** The journals mask secrets already; masking again on the way out costs little and guards against a missed one. */
function masked(e: JournalEntry): JournalEntry {
  const body = (v: unknown) => (typeof v === 'string' ? maskBody(v) : maskJson(v));
  return {
    ...e,
    query: maskParams(e.query),
    request: { headers: maskHeaders(e.request.headers ?? {}), body: body(e.request.body) },
    response: { headers: maskHeaders(e.response.headers ?? {}), body: body(e.response.body) },
  };
}

function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(Number(limit)) || DEFAULT_LIMIT, 1), MAX_LIMIT);
}

/**
 * Both mocks' journals as one list, newest first, filtered alike. The endpoint filter is applied
 * here to the SMS side: its calls all share the path "/" and differ by action.
 */
export async function mergedJournal(links: MockLink[], q: JournalQuery, opts: { headOnly?: boolean } = {}): Promise<MergedJournal> {
  const limit = opts.headOnly ? 1 : clampLimit(q.limit);
  const sources = links.filter((l) => !q.source || q.source === 'all' || q.source === l.name);
  const errors: MergedJournal['errors'] = [];
  const lists = await Promise.all(
    sources.map(async (link) => {
      const params = new URLSearchParams();
      for (const k of ['appid', 'persona', 'phone'] as const) if (q[k]) params.set(k, q[k]!);
      const pathFilter = q.path?.trim();
      // The SMS side is filtered here, so it fetches more to still fill the page.
      if (pathFilter && link.name === 'wechat') params.set('path', pathFilter);
      params.set('limit', String(pathFilter && link.name === 'sms' ? Math.min(limit * 5, 5000) : limit));
      const a = await link.get<{ entries: JournalEntry[] }>('/journal', `?${params}`);
      if (a.status !== 200 || !Array.isArray(a.body?.entries)) {
        errors.push({ source: link.name, ...answerError(a) });
        return [];
      }
      return a.body.entries
        .map((e): ConsoleJournalEntry => {
          const action = link.name === 'sms' ? smsAction(e) : undefined;
          return { ...masked(e), source: link.name, key: `${link.name}:${e.id}`, endpoint: action ? `${action}` : e.path, outcome: outcomeOf(e) };
        })
        .filter((e) => link.name !== 'sms' || !pathFilter || `${e.path} ${e.endpoint}`.toLowerCase().includes(pathFilter.toLowerCase()))
        .slice(0, limit);
    }),
  );
  const head = sources.map((l, i) => `${l.name}:${lists[i]![0]?.id ?? 0}`).join('|');
  const entries = lists
    .flat()
    .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1))
    .slice(0, limit);
  return { entries, head, errors };
}
