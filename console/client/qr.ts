/** Browser code of the QR panel: the sessions with their state, and the scan/confirm/cancel buttons. */
import { act, api, byTestId, CFG, changed, fill, fmtClock, fmtTime, h, panel, panelError, refreshNow, setOptions, syncTable, type Drawn } from './common.ts';
import type { App, Persona, QrSession } from './wire.ts';

export function qrPanel(): void {
  const state: Drawn = { sig: '' };
  let data: { sessions: QrSession[]; personas: Persona[]; apps: App[] } = { sessions: [], personas: [], apps: [] };
  const STATUS: Record<string, [string, string]> = {
    waiting: ['等待扫码', 'info'],
    scanned: ['已扫码，待确认', 'warn'],
    confirmed: ['已确认登录', 'ok'],
    cancelled: ['已取消', 'err'],
    expired: ['已过期', ''],
  };
  const OPEN = ['waiting', 'scanned'];
  const personaSelect: HTMLSelectElement & { __sig?: string } = byTestId<HTMLSelectElement>('qr-persona')!;
  const openOnly = byTestId<HTMLInputElement>('qr-open-only')!;

  function personaName(id: string) {
    const p = data.personas.find((x) => x.id === id);
    return p ? `${p.nickname}（${id}）` : id;
  }

  function act3(s: QrSession, action: 'scan' | 'confirm' | 'cancel') {
    const persona = personaSelect.value;
    const body = action === 'cancel' ? {} : { persona: persona || undefined };
    const label = { scan: '已扫码', confirm: '已确认登录', cancel: '已取消' }[action];
    return act(
      api('POST', `wechat/qr/sessions/${encodeURIComponent(s.uuid)}/${action}`, body),
      label + (action === 'cancel' ? '' : `：${personaName(persona)}`),
    );
  }

  function row(s: QrSession) {
    const app = data.apps.find((a) => a.appid === s.appid);
    const st = STATUS[s.status] || [s.status, ''];
    const open = OPEN.indexOf(s.status) >= 0;
    let target = s.redirectUri;
    try {
      const u = new URL(s.redirectUri);
      target = u.host + u.pathname;
    } catch {
      /* keep as given */
    }
    return h('tr', { testid: 'qr-row', class: 'qr-row', 'data-id': s.uuid, 'data-status': s.status }, [
      h('td', null, [h('div', { class: 'mono', title: s.uuid }, `${s.uuid.slice(0, 10)}…`), h('div', { class: 'sub' }, fmtTime(s.createdAt))]),
      h('td', null, [h('strong', null, app ? app.key : s.appid), h('div', { class: 'sub mono' }, s.appid)]),
      h('td', null, [
        h('span', { class: `badge ${st[1]}`, testid: 'qr-status', 'data-status': s.status }, st[0]),
        OPEN.indexOf(s.status) >= 0 ? h('div', { class: 'sub' }, `过期 ${fmtClock(s.expiresAt)}`) : null,
      ]),
      h('td', { class: 'nowrap', testid: 'qr-session-persona' }, s.persona ? personaName(s.persona) : h('span', { class: 'sub' }, '—')),
      h('td', { class: 'breakable' }, [
        h('div', { class: 'mono', title: s.redirectUri }, target),
        h('div', { class: 'sub' }, `state=${s.state || '（空）'} · ${s.scope}`),
      ]),
      h('td', { class: 'mono breakable', testid: 'qr-code' }, s.code || ''),
      h('td', { class: 'actions' }, [
        h('button', { type: 'button', class: 'btn small', testid: 'qr-scan', disabled: !open, onclick: () => act3(s, 'scan') }, '扫码'),
        h('button', { type: 'button', class: 'btn small primary', testid: 'qr-confirm', disabled: !open, onclick: () => act3(s, 'confirm') }, '确认登录'),
        h('button', { type: 'button', class: 'btn small danger', testid: 'qr-cancel', disabled: !open, onclick: () => act3(s, 'cancel') }, '取消'),
        h('a', { class: 'btn small link', testid: 'qr-open', href: s.qrconnectUrl, target: '_blank', rel: 'noopener' }, '打开页面'),
      ]),
    ]);
  }

  function render() {
    const options = data.personas.map((p): [string, string] => [p.id, `${p.nickname}（${p.id}）`]);
    if (personaSelect.__sig !== JSON.stringify(options)) {
      setOptions(personaSelect, options);
      personaSelect.__sig = JSON.stringify(options);
    }
    const shown = openOnly.checked ? data.sessions.filter((s) => OPEN.indexOf(s.status) >= 0) : data.sessions;
    fill(byTestId('qr-count')!, `${shown.length} 个会话`);
    syncTable(byTestId('qr-list')!, {
      testid: 'qr-table',
      emptyTestid: 'qr-empty',
      empty: `没有扫码会话。在登录页点“微信登录”（或打开 ${CFG.wechatUrl}/connect/qrconnect?appid=…），会话就会出现在这里。`,
      headers: ['会话', '应用', '状态', '用户', '回调', 'code', ''],
      items: shown,
      key: (s) => s.uuid,
      sig: (s) => JSON.stringify([s, s.persona && personaName(s.persona), data.apps.find((a) => a.appid === s.appid)]),
      row,
    });
  }

  openOnly.addEventListener('change', () => {
    state.sig = '';
    refreshNow(true);
  });

  panel('qr', {
    refresh: () =>
      Promise.all([api<{ sessions: QrSession[] }>('GET', 'wechat/qr/sessions'), api<{ personas: Persona[]; apps: App[] }>('GET', 'wechat/world')]).then((r) => {
        if (panelError('qr', r)) return;
        const next = { sessions: r[0].body.sessions, personas: r[1].body.personas, apps: r[1].body.apps, openOnly: openOnly.checked };
        if (!changed(state, next)) return;
        data = next;
        render();
      }),
  });
}
