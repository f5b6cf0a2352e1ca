/**
 * Browser code of the journal panel. The once-a-second poll asks only for the newest ids
 * (`head`); the list itself is read again only when they moved.
 */
import { api, byTestId, errText, fill, fmtTime, h, notify, panel, refreshNow, syncTable } from './common.ts';
import type { ApiResult, JournalEntry } from './wire.ts';

interface JournalAnswer {
  head: string;
  entries: JournalEntry[];
  errors?: { message: string }[];
}

export function journalPanel(): void {
  const LIMIT = 200;
  const f = {
    source: byTestId<HTMLSelectElement>('journal-source')!,
    path: byTestId<HTMLInputElement>('journal-path')!,
    appid: byTestId<HTMLInputElement>('journal-appid')!,
    phone: byTestId<HTMLInputElement>('journal-phone')!,
    persona: byTestId<HTMLInputElement>('journal-persona')!,
    live: byTestId<HTMLInputElement>('journal-live')!,
  };
  const FILTERS = ['path', 'appid', 'phone', 'persona'] as const;
  let head: string | null = null;
  let entries: JournalEntry[] = [];
  const expanded: Record<string, boolean> = {};

  function query(extra?: Record<string, string>) {
    const q = new URLSearchParams({ source: f.source.value, limit: String(LIMIT) });
    FILTERS.forEach((k) => {
      const v = f[k].value.trim();
      if (v) q.set(k, v);
    });
    for (const k of Object.keys(extra || {})) q.set(k, extra![k]!);
    return q.toString();
  }

  function pretty(v: unknown) {
    if (v === undefined || v === null || v === '') return '（空）';
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  }
  function headersText(hs: Record<string, string> | undefined) {
    const keys = Object.keys(hs || {});
    return keys.length ? keys.map((k) => `${k}: ${hs![k]}`).join('\n') : '（无）';
  }
  function readableQuery(q: string) {
    if (!q) return '';
    try {
      return decodeURIComponent(q.replace(/\+/g, ' '));
    } catch {
      return q;
    }
  }

  function detail(e: JournalEntry) {
    return h(
      'tr',
      { testid: 'journal-detail', 'data-key': e.key },
      h(
        'td',
        { colspan: 10, class: 'detail' },
        h('div', { class: 'exchange' }, [
          h('div', null, [
            h('h4', null, '请求'),
            h('pre', { class: 'mono', testid: 'journal-request-line' }, `${e.method} ${e.path}${e.query ? `?${readableQuery(e.query)}` : ''}`),
            h('pre', { class: 'mono', testid: 'journal-request-headers' }, headersText(e.request.headers)),
            // A GET has no body worth a box.
            e.method === 'GET' && !e.request.body ? null : h('pre', { class: 'mono', testid: 'journal-request-body' }, pretty(e.request.body)),
          ]),
          h('div', null, [
            h('h4', null, `应答 · HTTP ${e.status} · ${e.durationMs} ms · ${fmtTime(e.at, true)}`),
            h('pre', { class: 'mono', testid: 'journal-response-headers' }, headersText(e.response.headers)),
            h('pre', { class: 'mono', testid: 'journal-response-body' }, pretty(e.response.body)),
          ]),
        ]),
      ),
    );
  }

  /** One entry: its row, and its details when expanded, in a tbody of its own. */
  function group(e: JournalEntry) {
    const open = !!expanded[e.key];
    const tr = h(
      'tr',
      {
        class: 'entry',
        testid: 'journal-row',
        'data-key': e.key,
        'data-source': e.source,
        'data-endpoint': e.endpoint,
        'data-persona': e.persona || '',
        'aria-expanded': open ? 'true' : 'false',
        onclick: () => {
          expanded[e.key] = !expanded[e.key];
          render();
        },
      },
      [
        h('td', { class: 'mono nowrap', title: e.at }, fmtTime(e.at, true).slice(11)),
        h('td', null, h('span', { class: `badge src-${e.source}` }, e.source === 'wechat' ? '微信' : '短信')),
        h('td', { class: 'mono' }, e.method),
        h('td', { class: 'mono', testid: 'journal-endpoint' }, [e.endpoint, e.endpoint !== e.path ? h('span', { class: 'sub' }, `  ${e.path}`) : null]),
        h('td', { class: `mono${e.status >= 400 ? ' status-bad' : ''}` }, String(e.status)),
        // "ok" in the page's language; anything else is the service's own code (errcode 40163, isv.…).
        h(
          'td',
          null,
          h(
            'span',
            { class: `badge ${e.outcome === 'ok' ? 'ok' : 'err'}`, testid: 'journal-outcome', 'data-outcome': e.outcome },
            e.outcome === 'ok' ? '成功' : e.outcome,
          ),
        ),
        h('td', { class: 'mono' }, e.appid || ''),
        h('td', null, e.persona || ''),
        h('td', { class: 'mono' }, e.phone || ''),
        h('td', { class: 'mono sub nowrap' }, `${e.durationMs} ms`),
      ],
    );
    return h('tbody', null, open ? [tr, detail(e)] : tr);
  }

  function render() {
    fill(byTestId('journal-count')!, entries.length >= LIMIT ? `最新 ${LIMIT} 条` : `${entries.length} 条`);
    // Entries never change once written: a group is redrawn only when it is expanded or collapsed.
    syncTable(byTestId('journal-list')!, {
      testid: 'journal-table',
      className: 'grid journal',
      emptyTestid: 'journal-empty',
      empty: '没有符合条件的请求。',
      groups: true,
      headers: ['时间', '来源', '方法', '接口', 'HTTP', '结果', 'appid', '用户', '手机号', '耗时'],
      items: entries,
      key: (e) => e.key,
      sig: (e) => (expanded[e.key] ? 'open' : 'closed'),
      row: group,
    });
  }

  function showErrors(res: ApiResult<JournalAnswer>) {
    const el = byTestId('journal-error')!;
    if (!res.ok) {
      el.textContent = `读取失败：${errText(res)}`;
      return true;
    }
    el.textContent = (res.body.errors || []).map((e) => e.message).join('；');
    return false;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  function refilter() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      head = null;
      refreshNow(true);
    }, 250);
  }
  for (const k of FILTERS) f[k].addEventListener('input', refilter);
  f.source.addEventListener('change', refilter);
  f.live.addEventListener('change', () => {
    if (f.live.checked) refreshNow(true);
  });

  byTestId('journal-clear')!.addEventListener('click', () => {
    const sources = f.source.value === 'all' ? ['wechat', 'sms'] : [f.source.value];
    Promise.all(sources.map((s) => api('DELETE', `${s}/journal`))).then((rs) => {
      const bad = rs.filter((r) => !r.ok);
      if (bad.length) notify(bad.map(errText).join('；'), 'error');
      else notify('已清空请求日志');
      head = null;
      refreshNow(true);
    });
  });

  panel('journal', {
    activate: () =>
      api<{ personas: { id: string; nickname: string }[] }>('GET', 'wechat/personas').then((r) => {
        if (r.ok)
          fill(
            byTestId('journal-persona-options')!,
            r.body.personas.map((p) => h('option', { value: p.id }, p.nickname)),
          );
      }),
    refresh: (force) => {
      if (!force && !f.live.checked) return;
      const full = () =>
        api<JournalAnswer>('GET', `journal?${query()}`).then((res) => {
          if (showErrors(res)) return;
          head = res.body.head;
          entries = res.body.entries;
          render();
        });
      if (force || head === null) return full();
      return api<JournalAnswer>('GET', `journal?${query({ head: '1' })}`).then((res) => {
        if (showErrors(res)) return;
        if (res.body.head !== head) return full();
      });
    },
  });
}
