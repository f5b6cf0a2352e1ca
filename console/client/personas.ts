/**
 * Browser code of the personas panel: the table with each persona's ids, and the create/edit form
 * (profile, phone, risk flag, pinned openids and unionids).
 */
import { act, api, byTestId, changed, createOrEdit, fill, h, openForm, panel, panelError, syncTable, type Drawn } from './common.ts';
import type { Account, App, Persona } from './wire.ts';

/** A persona's ids arranged for its row. */
interface Ids {
  byAppid: Record<string, { appid: string; openid: string; loginAppid?: string }>;
  unionOf: Record<string, string>;
  color: Record<string, string>;
  appById: Record<string, App>;
}

export function personasPanel(): void {
  const state: Drawn = { sig: '' };
  let data: { personas: Persona[]; apps: App[]; accounts: Account[] } = { personas: [], apps: [], accounts: [] };
  // Colours go to a persona's distinct unionids in order, so two colours in one row always mean two unionids.
  const COLORS = ['#07c160', '#f0883e', '#2f6fde', '#a855f7', '#e5484d', '#0ea5a4', '#b08800', '#6b7280'];
  const SEX: Record<number, string> = { 0: '未知', 1: '男', 2: '女' };

  function idsOf(p: Persona): Ids {
    const byAppid: Ids['byAppid'] = {};
    p.ids!.openids.forEach((o) => {
      byAppid[o.appid] = o;
    });
    const unionOf: Record<string, string> = {};
    const color: Record<string, string> = {};
    let n = 0;
    p.ids!.unionids.forEach((u) => {
      unionOf[u.account] = u.unionid;
      if (!(u.unionid in color)) color[u.unionid] = COLORS[n++ % COLORS.length]!;
    });
    const appById: Record<string, App> = {};
    data.apps.forEach((a) => {
      appById[a.appid] = a;
    });
    return { byAppid, unionOf, color, appById };
  }

  /** One app: the openid the backend sees and the unionid it gets (a standard base logs in as DCloud). */
  function appLine(p: Persona, a: App, x: Ids) {
    const own = x.byAppid[a.appid];
    if (!own) return [];
    const loginAppid = own.loginAppid || a.appid;
    const via = loginAppid !== a.appid ? x.appById[loginAppid] : null;
    const seen = x.byAppid[loginAppid] || own;
    const account = (via || a).account;
    const unionid = account ? x.unionOf[account] : null;
    const mismatch = !!a.account && account !== a.account;
    const pinned = p.openids?.[loginAppid];
    return [
      h('span', { class: 'key', title: `${a.appid} · ${a.type}` }, a.key),
      h(
        'span',
        {
          class: 'mono',
          testid: 'persona-openid',
          'data-app': a.key,
          'data-appid': a.appid,
          title: via ? `经 ${loginAppid} 登录，后端收到的是这个 openid` : a.appid,
        },
        [seen.openid, pinned ? h('span', { class: 'pinned' }, ' 已固定') : null],
      ),
      h('span', { class: 'nowrap' }, [
        unionid
          ? h('span', { class: 'uid', testid: 'persona-app-unionid', 'data-app': a.key, 'data-unionid': unionid, title: unionid }, [
              h('i', { style: `background:${x.color[unionid]}` }),
              account,
            ])
          : h('span', { class: 'sub', testid: 'persona-app-unionid', 'data-app': a.key, 'data-unionid': '' }, '无 unionid（未绑定开放平台）'),
        mismatch
          ? h(
              'span',
              {
                class: 'mismatch',
                testid: 'persona-unionid-mismatch',
                'data-app': a.key,
                title: `${a.key} 属于 ${a.account}，但登录走 ${via ? via.key : loginAppid}，unionid 来自 ${account}`,
              },
              ' ⚠ unionid 不一致',
            )
          : null,
        via ? h('span', { class: 'sub' }, ` 经 ${via.key}`) : null,
      ]),
    ];
  }

  function accountLine(p: Persona, acc: Account, x: Ids) {
    const u = x.unionOf[acc.id]!;
    return [
      h('span', { class: 'key', title: acc.name }, acc.id),
      h('span', { class: 'nowrap' }, [
        h('span', { class: 'uid', title: acc.name }, [
          h('i', { style: `background:${x.color[u]}` }),
          h('span', { class: 'mono', testid: 'persona-unionid', 'data-account': acc.id }, u),
        ]),
        p.unionids?.[acc.id] ? h('span', { class: 'pinned' }, ' 已固定') : null,
      ]),
    ];
  }

  function row(p: Persona) {
    const x = idsOf(p);
    return h('tr', { testid: 'persona-row', 'data-id': p.id, 'data-risky': p.risky ? 'true' : 'false' }, [
      h('td', { class: 'who' }, [
        h('strong', { testid: 'persona-nickname' }, p.nickname),
        h('div', { class: 'sub mono' }, `${p.id} · ${SEX[p.sex] || '未知'}`),
        h('div', { class: 'mono', testid: 'persona-phone' }, p.phone ? `+${p.countryCode} ${p.phone}` : '无手机号'),
        h(
          'div',
          null,
          p.risky
            ? h('span', { class: 'badge err', testid: 'persona-risk', 'data-risky': 'true' }, '高风险 40226')
            : h('span', { class: 'badge', testid: 'persona-risk', 'data-risky': 'false' }, '正常'),
        ),
        h('div', { class: 'sub' }, [p.country, p.province, p.city].filter(Boolean).join(' ')),
      ]),
      h(
        'td',
        null,
        h(
          'div',
          { class: 'ids' },
          data.apps.map((a) => appLine(p, a, x)),
        ),
      ),
      h(
        'td',
        null,
        h(
          'div',
          { class: 'ids two' },
          data.accounts.map((acc) => accountLine(p, acc, x)),
        ),
      ),
      h('td', { class: 'actions' }, [
        h('button', { type: 'button', class: 'btn small', testid: 'persona-edit', onclick: () => edit(p) }, '编辑'),
        h('button', { type: 'button', class: 'btn small danger', testid: 'persona-delete', onclick: () => remove(p) }, '删除'),
      ]),
    ]);
  }

  function render() {
    fill(byTestId('persona-count')!, `${data.personas.length} 个用户`);
    // A persona's row also shows the apps and accounts: when those change, every row is redrawn.
    const world = JSON.stringify([data.apps, data.accounts]);
    syncTable(byTestId('persona-list')!, {
      testid: 'persona-table',
      emptyTestid: 'persona-empty',
      empty: '还没有用户。点“新建用户”添加一个。',
      headers: ['用户', 'openid（按应用）与登录得到的 unionid', 'unionid（按开放平台账号）', ''],
      items: data.personas,
      key: (p) => p.id,
      sig: (p) => world + JSON.stringify(p),
      row,
    });
  }

  function form(given: Persona | null) {
    const creating = !given;
    // A new persona's form starts empty but for what the world would give it anyway.
    const p: Partial<Persona> = given ?? { sex: 0, countryCode: '86', risky: false };
    const derivedOpenid: Record<string, string> = {};
    const derivedUnionid: Record<string, string> = {};
    if (p.ids) {
      p.ids.openids.forEach((o) => {
        derivedOpenid[o.appid] = o.openid;
      });
      p.ids.unionids.forEach((u) => {
        derivedUnionid[u.account] = u.unionid;
      });
    }
    openForm({
      ...createOrEdit('用户', given?.id),
      testid: 'persona-form',
      sections: [
        {
          fields: [
            { name: 'id', label: 'id（字母、数字、_-.）', value: p.id, readonly: !creating },
            { name: 'nickname', label: '昵称', value: p.nickname },
            {
              name: 'sex',
              label: '性别',
              type: 'select',
              value: String(p.sex),
              options: [
                ['0', '未知'],
                ['1', '男'],
                ['2', '女'],
              ],
            },
            { name: 'phone', label: '手机号（不含国家码，留空 = 未绑定）', value: p.phone || '' },
            { name: 'countryCode', label: '国家码', value: p.countryCode },
            { name: 'risky', label: '高风险账号（jscode2session 返回 40226）', type: 'checkbox', value: p.risky },
            { name: 'country', label: '国家', value: p.country },
            { name: 'province', label: '省份', value: p.province },
            { name: 'city', label: '城市', value: p.city },
          ],
        },
        {
          title: '固定 openid（按应用，留空 = 推导值；例如粘贴线上问题里的 id）',
          compact: true,
          fields: data.apps.map((a) => ({
            name: `openid-${a.appid}`,
            label: `${a.key} · ${a.appid}`,
            value: p.openids?.[a.appid] || '',
            placeholder: derivedOpenid[a.appid] || '推导值',
          })),
        },
        {
          title: '固定 unionid（按开放平台账号，留空 = 推导值）',
          compact: true,
          fields: data.accounts.map((acc) => ({
            name: `unionid-${acc.id}`,
            label: `${acc.id} · ${acc.name}`,
            value: p.unionids?.[acc.id] || '',
            placeholder: derivedUnionid[acc.id] || '推导值',
          })),
        },
      ],
      submit: (v) => {
        const body: { [k: string]: unknown; openids: Record<string, unknown>; unionids: Record<string, unknown> } = {
          nickname: v.nickname,
          sex: Number(v.sex),
          phone: v.phone || null,
          countryCode: v.countryCode,
          risky: v.risky,
          country: v.country,
          province: v.province,
          city: v.city,
          openids: {},
          unionids: {},
        };
        Object.keys(v).forEach((k) => {
          if (k.indexOf('openid-') === 0 && v[k]) body.openids[k.slice(7)] = v[k];
          if (k.indexOf('unionid-') === 0 && v[k]) body.unionids[k.slice(8)] = v[k];
        });
        if (creating) {
          body.id = v.id;
          return api('POST', 'wechat/personas', body);
        }
        return api('PATCH', `wechat/personas/${encodeURIComponent(given!.id)}`, body);
      },
    });
  }

  function edit(p: Persona) {
    form(p);
  }
  function remove(p: Persona) {
    if (!confirm(`删除用户 ${p.nickname}（${p.id}）？`)) return;
    act(api('DELETE', `wechat/personas/${encodeURIComponent(p.id)}`), `已删除用户 ${p.id}`);
  }

  byTestId('persona-new')!.addEventListener('click', () => form(null));

  panel('personas', {
    refresh: () =>
      Promise.all([
        api<{ personas: Persona[] }>('GET', 'wechat/personas'),
        api<{ apps: App[] }>('GET', 'wechat/apps'),
        api<{ accounts: Account[] }>('GET', 'wechat/accounts'),
      ]).then((r) => {
        if (panelError('personas', r)) return;
        const next = { personas: r[0].body.personas, apps: r[1].body.apps, accounts: r[2].body.accounts };
        if (!changed(state, next)) return;
        data = next;
        render();
      }),
  });
}
