/** Browser code of the faults/clock/state panel. */
import {
  act,
  api,
  byTestId,
  changed,
  errText,
  fill,
  fmtOffset,
  fmtTime,
  h,
  notify,
  panel,
  panelError,
  refreshNow,
  refreshStatus,
  type Drawn,
} from './common.ts';
import type { Fault, MockStatus } from './wire.ts';

type MockName = 'wechat' | 'sms';

export function systemPanel(): void {
  const state: Drawn = { sig: '' };
  const MOCKS: Record<MockName, string> = { wechat: '微信', sms: '短信' };
  const el = <T extends HTMLElement = HTMLInputElement>(id: string) => byTestId<T>(id)!;

  function matchText(m: Fault['match']) {
    const parts = Object.keys(m || {})
      .filter((k) => m[k])
      .map((k) => `${k}=${m[k]}`);
    return parts.length ? parts.join(' ') : '所有调用';
  }
  function actionText(a: Fault['action']) {
    const parts: string[] = [];
    if (a.errcode !== undefined) parts.push(`errcode ${a.errcode}${a.errmsg ? `（${a.errmsg}）` : ''}`);
    if (a.code !== undefined) parts.push(a.code + (a.message ? `（${a.message}）` : ''));
    if (a.httpStatus !== undefined) parts.push(`HTTP ${a.httpStatus}`);
    if (a.mode === 'undelivered') parts.push('受理但不送达');
    if (a.placement) parts.push(`位置 ${a.placement}`);
    if (a.delayMs !== undefined) parts.push(`延迟 ${a.delayMs} ms`);
    return parts.join(' + ');
  }

  function card(name: MockName, status: MockStatus | undefined, faults: Fault[] | null) {
    const clock = status
      ? h(
          'div',
          { testid: `clock-${name}`, 'data-offset': String(status.offsetMs || 0), 'data-ok': status.ok ? 'true' : 'false' },
          status.ok
            ? [
                h('span', { class: 'clock-now mono' }, fmtTime(status.now)),
                ' ',
                status.offsetMs
                  ? h('span', { class: 'badge warn', testid: `clock-offset-${name}` }, `偏移 ${fmtOffset(status.offsetMs)}`)
                  : h('span', { class: 'badge', testid: `clock-offset-${name}` }, '无偏移'),
              ]
            : h('span', { class: 'badge err' }, status.error || '无法访问'),
        )
      : null;
    const rows =
      faults === null
        ? h('p', { class: 'sub' }, '读取失败')
        : faults.length
          ? h('table', { class: 'grid' }, [
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['接口', '条件', '动作', '剩余', ''].map((t) => h('th', null, t)),
                ),
              ),
              h(
                'tbody',
                null,
                faults.map((f) =>
                  h('tr', { testid: 'fault-row', 'data-mock': name, 'data-id': f.id, 'data-endpoint': f.endpoint }, [
                    h('td', { class: 'mono' }, f.endpoint),
                    h('td', { class: 'sub' }, matchText(f.match)),
                    h('td', { testid: 'fault-action' }, actionText(f.action)),
                    h('td', { class: 'nowrap', testid: 'fault-remaining' }, `${f.remaining} 次`),
                    h(
                      'td',
                      { class: 'actions' },
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'btn small danger',
                          testid: 'fault-delete',
                          onclick: () => act(api('DELETE', `${name}/faults/${f.id}`), '已删除故障'),
                        },
                        '删除',
                      ),
                    ),
                  ]),
                ),
              ),
            ])
          : h('p', { class: 'sub', testid: `fault-none-${name}` }, '没有排队的故障。');
    return [
      h('p', { class: 'sub mono' }, status ? status.url : ''),
      clock,
      h('div', { class: 'row', style: 'justify-content: space-between; margin: 12px 0 6px' }, [
        h('strong', null, '排队中的故障'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn small',
            testid: `fault-clear-${name}`,
            disabled: !faults?.length,
            onclick: () => act(api('DELETE', `${name}/faults`), `已清除${MOCKS[name]}的全部故障`),
          },
          '全部清除',
        ),
      ]),
      rows,
    ];
  }

  // ---- fault form: its fields follow the chosen mock
  function syncFaultForm() {
    const mock = el<HTMLSelectElement>('fault-mock').value;
    document.querySelectorAll<HTMLElement>('[data-testid=fault-form] [data-for]').forEach((l) => {
      l.hidden = l.getAttribute('data-for') !== mock;
    });
    el('fault-endpoint').setAttribute('list', `fault-endpoints-${mock}`);
    el('fault-endpoint').placeholder = mock === 'wechat' ? '/sns/oauth2/access_token' : 'sendsms';
    el('fault-code-label').textContent = mock === 'wechat' ? 'errcode' : '错误码 Code';
    el('fault-code').placeholder = mock === 'wechat' ? '如 40029 或 -1' : '如 isv.BUSINESS_LIMIT_CONTROL';
    el('fault-message-label').textContent = mock === 'wechat' ? 'errmsg（可选）' : 'Message（可选）';
  }
  el('fault-mock').addEventListener('change', syncFaultForm);
  syncFaultForm();

  el('fault-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const mock = el<HTMLSelectElement>('fault-mock').value as MockName;
    const v = (id: string) => el(id).value.trim();
    const body: Record<string, unknown> = {
      endpoint: v('fault-endpoint') || (mock === 'sms' ? 'sendsms' : ''),
      times: v('fault-times') ? Number(v('fault-times')) : 1,
    };
    if (v('fault-code')) {
      if (mock === 'wechat') body.errcode = /^-?\d+$/.test(v('fault-code')) ? Number(v('fault-code')) : v('fault-code');
      else body.code = v('fault-code');
    }
    if (v('fault-message')) body[mock === 'wechat' ? 'errmsg' : 'message'] = v('fault-message');
    if (v('fault-http')) body.httpStatus = Number(v('fault-http'));
    if (v('fault-delay')) body.delayMs = Number(v('fault-delay'));
    if (mock === 'wechat') {
      if (v('fault-appid')) body.appid = v('fault-appid');
      if (v('fault-persona')) body.persona = v('fault-persona');
    } else {
      if (v('fault-phone')) body.phone = v('fault-phone');
      if (v('fault-provider')) body.provider = v('fault-provider');
      if (v('fault-mode')) body.mode = v('fault-mode');
    }
    act(api('POST', `${mock}/faults`, body), `已添加故障：${MOCKS[mock]} ${body.endpoint}`);
  });

  // ---- clock
  function targets() {
    const t = el<HTMLSelectElement>('clock-target').value;
    return t === 'all' ? ['wechat', 'sms'] : [t];
  }
  function clockCall(body: Record<string, number>, okText: string) {
    Promise.all(targets().map((m) => api('POST', `${m}/clock`, body))).then((rs) => {
      const bad = rs.filter((r) => !r.ok);
      if (bad.length) notify(bad.map(errText).join('；'), 'error');
      else notify(okText);
      refreshNow(true);
      refreshStatus();
    });
  }
  el('clock-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const seconds = Number(el('clock-amount').value) * Number(el<HTMLSelectElement>('clock-unit').value);
    if (!Number.isFinite(seconds) || !seconds) {
      notify('请填写要拨快的时间', 'error');
      return;
    }
    clockCall({ advanceSeconds: seconds }, `时钟已${seconds > 0 ? '拨快 ' : '拨慢 '}${fmtOffset(Math.abs(seconds) * 1000).slice(1)}`);
  });
  el('clock-reset').addEventListener('click', () => clockCall({ offsetMs: 0 }, '时钟偏移已归零'));

  // ---- reset
  function reset(names: MockName[], label: string) {
    if (!confirm(`${label}？默认（或配置的）世界会被恢复，code、token、会话、日志、故障、收件箱和时钟偏移都会清空。`)) return;
    Promise.all(names.map((m) => api('POST', `${m}/reset`))).then((rs) => {
      const bad = rs.filter((r) => !r.ok);
      if (bad.length) notify(bad.map(errText).join('；'), 'error');
      else notify(`已${label}`);
      refreshNow(true);
      refreshStatus();
    });
  }
  el('reset-all').addEventListener('click', () => reset(['wechat', 'sms'], '全部重置'));
  el('reset-wechat').addEventListener('click', () => reset(['wechat'], '重置微信'));
  el('reset-sms').addEventListener('click', () => reset(['sms'], '重置短信'));

  // ---- import
  el('state-import').addEventListener('change', () => {
    const file = el('state-import').files![0];
    if (!file) return;
    const result = el('state-import-result');
    result.textContent = `正在导入 ${file.name}…`;
    result.removeAttribute('data-ok');
    file
      .text()
      .then((text) => api<{ imported: MockName[]; ignored: string[] }>('PUT', 'state', text))
      .then((res) => {
        el('state-import').value = '';
        result.setAttribute('data-ok', res.ok ? 'true' : 'false');
        result.textContent = res.ok
          ? `已导入：${res.body.imported.map((m) => MOCKS[m]).join('、')}${res.body.ignored.length ? `（忽略 ${res.body.ignored.join('、')}）` : ''}`
          : `导入失败：${errText(res)}`;
        if (res.ok) notify(`已导入 ${file.name}`);
        else notify(errText(res), 'error');
        refreshNow(true);
        refreshStatus();
      });
  });

  panel('system', {
    refresh: () =>
      Promise.all([
        api<{ mocks: MockStatus[] }>('GET', 'status'),
        api<{ faults: Fault[] }>('GET', 'wechat/faults'),
        api<{ faults: Fault[] }>('GET', 'sms/faults'),
      ]).then((r) => {
        if (!r[0].ok) {
          panelError('system', [r[0]]);
          return;
        }
        el('system-error').textContent = '';
        const status: Partial<Record<string, MockStatus>> = {};
        r[0].body.mocks.forEach((m) => {
          status[m.name] = m;
        });
        const next = { status, wechat: r[1].ok ? r[1].body.faults : null, sms: r[2].ok ? r[2].body.faults : null };
        // Redraw only when offsets or faults changed (a button under the pointer stays put); the time ticks in place.
        const sig = {
          offsets: ['wechat', 'sms'].map((m) => status[m] && [status[m].ok, status[m].offsetMs, status[m].url]),
          wechat: next.wechat,
          sms: next.sms,
        };
        if (changed(state, sig)) {
          fill(el('system-wechat'), card('wechat', status.wechat, next.wechat));
          fill(el('system-sms'), card('sms', status.sms, next.sms));
        } else {
          ['wechat', 'sms'].forEach((m) => {
            const t = document.querySelector(`[data-testid=clock-${m}] .clock-now`);
            if (t && status[m]) t.textContent = fmtTime(status[m].now);
          });
        }
      }),
  });
}
