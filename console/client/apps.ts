/** Browser code of the apps panel: apps (secret masked until clicked, billing) and accounts, with their forms. */
import {
  act,
  api,
  byTestId,
  changed,
  createOrEdit,
  fill,
  h,
  maskSecret,
  openForm,
  panel,
  panelError,
  syncTable,
  type Drawn,
  type FormField,
} from './common.ts';
import type { Account, App, Billing } from './wire.ts';

export function appsPanel(): void {
  const state: Drawn = { sig: '' };
  let data: { apps: App[]; accounts: Account[]; billing: Billing[] } = { apps: [], accounts: [], billing: [] };
  const revealed: Record<string, boolean> = {};
  const TYPES: [string, string][] = [
    ['web', '网站应用'],
    ['mobile', '移动应用'],
    ['miniprogram', '小程序'],
    ['official', '公众号'],
  ];
  const typeLabel = (t: string) => (TYPES.find((x) => x[0] === t) || [t, t])[1];

  function secretCell(a: App) {
    const text = h(
      'span',
      { class: 'mono', testid: 'app-secret', 'data-revealed': revealed[a.appid] ? 'true' : 'false' },
      revealed[a.appid] ? a.secret : maskSecret(a.secret),
    );
    const button = h('button', { type: 'button', class: 'btn small link', testid: 'app-secret-reveal' }, revealed[a.appid] ? '隐藏' : '显示');
    button.addEventListener('click', () => {
      revealed[a.appid] = !revealed[a.appid];
      text.textContent = revealed[a.appid] ? a.secret : maskSecret(a.secret);
      text.setAttribute('data-revealed', revealed[a.appid] ? 'true' : 'false');
      button.textContent = revealed[a.appid] ? '隐藏' : '显示';
    });
    return h('span', { class: 'secret' }, [text, button]);
  }

  function billingCell(a: App) {
    if (a.type !== 'miniprogram') return h('span', { class: 'sub' }, '—');
    const b = data.billing.find((x) => x.appid === a.appid);
    if (!b) return h('span', { class: 'sub' }, '—');
    return h(
      'div',
      {
        testid: 'app-billing',
        'data-calls': b.calls,
        'data-free-used': b.freeUsed,
        'data-charged-calls': b.chargedCalls,
        'data-charged-amount': b.chargedAmount,
      },
      [
        h('div', null, ['调用 ', h('strong', null, String(b.calls)), ' 次 · 免费 ', h('strong', null, `${b.freeUsed}/${b.freeQuota}`)]),
        h('div', null, [
          '计费 ',
          h('strong', null, String(b.chargedCalls)),
          ' 次 · ',
          h('strong', { testid: 'app-billing-amount' }, `¥${Number(b.chargedAmount).toFixed(2)}`),
          h('span', { class: 'sub' }, `（单价 ¥${b.price}）`),
        ]),
        h('div', { class: 'sub' }, `按钮调用 ${b.buttonTaps} / ${b.callLimit === null || b.callLimit === undefined ? '不限' : b.callLimit}`),
      ],
    );
  }

  function appRow(a: App) {
    return h('tr', { testid: 'app-row', 'data-id': a.appid, 'data-key': a.key }, [
      h('td', null, [h('strong', null, a.key), h('div', { class: 'sub' }, a.name)]),
      h('td', null, [
        typeLabel(a.type),
        a.type === 'mobile' ? h('div', { class: 'sub', testid: 'app-base' }, a.base === 'standard' ? '标准基座 standard' : '自定义基座 custom') : null,
      ]),
      h('td', null, [h('div', { class: 'mono', testid: 'app-appid' }, a.appid), secretCell(a)]),
      h('td', { testid: 'app-account' }, a.account || h('span', { class: 'sub' }, '未绑定')),
      h(
        'td',
        { class: 'mono', testid: 'app-callback-domain' },
        a.type === 'web' || a.callbackDomain ? a.callbackDomain || '—' : h('span', { class: 'sub' }, '—'),
      ),
      h('td', null, billingCell(a)),
      h('td', { class: 'actions' }, [
        h('button', { type: 'button', class: 'btn small', testid: 'app-edit', onclick: () => appForm(a) }, '编辑'),
        h('button', { type: 'button', class: 'btn small danger', testid: 'app-delete', onclick: () => removeApp(a) }, '删除'),
      ]),
    ]);
  }

  function accountRow(acc: Account) {
    const bound = data.apps.filter((a) => a.account === acc.id).map((a) => a.key);
    return h('tr', { testid: 'account-row', 'data-id': acc.id }, [
      h('td', { class: 'mono' }, acc.id),
      h('td', { testid: 'account-name' }, acc.name),
      h('td', null, bound.length ? bound.join('、') : h('span', { class: 'sub' }, '没有应用')),
      h('td', { class: 'actions' }, [
        h('button', { type: 'button', class: 'btn small', testid: 'account-edit', onclick: () => accountForm(acc) }, '编辑'),
        h('button', { type: 'button', class: 'btn small danger', testid: 'account-delete', onclick: () => removeAccount(acc) }, '删除'),
      ]),
    ]);
  }

  function render() {
    fill(byTestId('app-count')!, `${data.apps.length} 个应用`);
    const accounts = JSON.stringify(data.accounts);
    syncTable(byTestId('app-list')!, {
      testid: 'app-table',
      emptyTestid: 'app-empty',
      empty: '没有应用。',
      headers: ['应用', '类型 / 基座', 'appid / secret', '开放平台账号', '授权回调域', '手机号额度与计费', ''],
      items: data.apps,
      key: (a) => a.appid,
      sig: (a) => accounts + JSON.stringify([a, data.billing.find((b) => b.appid === a.appid)]),
      row: appRow,
    });
    syncTable(byTestId('account-list')!, {
      testid: 'account-table',
      emptyTestid: 'account-empty',
      empty: '没有开放平台账号。',
      headers: ['id', '名称', '绑定的应用', ''],
      items: data.accounts,
      key: (acc) => acc.id,
      sig: (acc) => JSON.stringify([acc, data.apps.filter((a) => a.account === acc.id).map((a) => a.key)]),
      row: accountRow,
    });
  }

  function appForm(given: App | null) {
    const creating = !given;
    const a: App = given || {
      appid: '',
      key: '',
      name: '',
      type: 'web',
      secret: '',
      account: 'default',
      callbackDomain: '127.0.0.1',
      base: 'custom',
      phoneFreeQuota: 1000,
      phonePrice: 0.03,
      phoneCallLimit: null,
      ipWhitelist: null,
    };
    openForm({
      ...createOrEdit('应用', creating ? undefined : a.key),
      testid: 'app-form',
      sections: [
        {
          fields: [
            { name: 'appid', label: 'appid（创建后不能改）', value: a.appid, readonly: !creating },
            { name: 'key', label: '短名 key（如 web、mini）', value: a.key },
            { name: 'name', label: '名称', value: a.name },
            {
              name: 'type',
              label: '类型',
              type: 'select',
              value: a.type,
              options: TYPES,
              onchange: (el, c) => {
                c.base.disabled = el.value !== 'mobile';
              },
            },
            { name: 'secret', label: 'secret', value: '', placeholder: creating ? '留空 = 随机生成' : '留空 = 不变' },
            {
              name: 'account',
              label: '开放平台账号',
              type: 'select',
              value: a.account || '',
              options: ([['', '未绑定（没有 unionid）']] as [string, string][]).concat(data.accounts.map((x) => [x.id, `${x.id} · ${x.name}`])),
            },
            { name: 'callbackDomain', label: '授权回调域（网站应用）', value: a.callbackDomain || '' },
            {
              name: 'base',
              label: '基座（移动应用）',
              type: 'select',
              value: a.base || 'custom',
              options: [
                ['custom', '自定义基座 custom'],
                ['standard', '标准基座 standard（DCloud）'],
              ],
            },
            { name: 'phoneCallLimit', label: '按钮调用上限（留空 = 不限）', type: 'number', value: a.phoneCallLimit === null ? '' : a.phoneCallLimit },
            { name: 'phoneFreeQuota', label: '手机号免费额度（次）', type: 'number', value: a.phoneFreeQuota },
            { name: 'phonePrice', label: '超出后单价（元/次）', type: 'number', step: '0.01', value: a.phonePrice },
          ],
        },
      ],
      submit: (v) => {
        const body: Record<string, unknown> = {
          key: v.key || undefined,
          name: v.name || undefined,
          type: v.type,
          account: v.account || null,
          callbackDomain: v.callbackDomain || null,
          phoneFreeQuota: v.phoneFreeQuota === '' ? undefined : Number(v.phoneFreeQuota),
          phonePrice: v.phonePrice === '' ? undefined : Number(v.phonePrice),
          phoneCallLimit: v.phoneCallLimit === '' ? null : Number(v.phoneCallLimit),
        };
        if (v.type === 'mobile') body.base = v.base;
        if (v.secret) body.secret = v.secret;
        if (creating) {
          body.appid = v.appid;
          return api('POST', 'wechat/apps', body);
        }
        return api('PATCH', `wechat/apps/${encodeURIComponent(a.appid)}`, body);
      },
    });
  }

  function accountForm(given: Account | null) {
    const creating = !given;
    const acc: Account = given || { id: '', name: '' };
    const fields: FormField[] = [
      { name: 'id', label: 'id', value: acc.id, readonly: !creating },
      { name: 'name', label: '名称', value: acc.name, wide: true },
    ];
    openForm({
      ...createOrEdit('开放平台账号', given?.id),
      testid: 'account-form',
      sections: [{ fields }],
      submit: (v) =>
        creating
          ? api('POST', 'wechat/accounts', { id: v.id, name: v.name || undefined })
          : api('PATCH', `wechat/accounts/${encodeURIComponent(acc.id)}`, { name: v.name }),
    });
  }

  function removeApp(a: App) {
    if (!confirm(`删除应用 ${a.key}（${a.appid}）？`)) return;
    act(api('DELETE', `wechat/apps/${encodeURIComponent(a.appid)}`), `已删除应用 ${a.key}`);
  }
  function removeAccount(acc: Account) {
    if (!confirm(`删除开放平台账号 ${acc.id}？绑定它的应用将变为未绑定。`)) return;
    act(api('DELETE', `wechat/accounts/${encodeURIComponent(acc.id)}`), `已删除账号 ${acc.id}`);
  }

  byTestId('app-new')!.addEventListener('click', () => appForm(null));
  byTestId('account-new')!.addEventListener('click', () => accountForm(null));

  panel('apps', {
    refresh: () =>
      Promise.all([
        api<{ apps: App[] }>('GET', 'wechat/apps'),
        api<{ accounts: Account[] }>('GET', 'wechat/accounts'),
        api<{ billing: Billing[] }>('GET', 'wechat/billing'),
      ]).then((r) => {
        if (panelError('apps', r)) return;
        const next = { apps: r[0].body.apps, accounts: r[1].body.accounts, billing: r[2].body.billing };
        if (!changed(state, next)) return;
        data = next;
        render();
      }),
  });
}
