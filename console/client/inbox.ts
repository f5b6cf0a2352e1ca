/** Browser code of the SMS inbox: phones on the left, their messages on the right, copy and clear. */
import { act, api, byTestId, changed, copyText, fill, fmtTime, h, notify, panel, panelError, syncChildren, type Drawn } from './common.ts';
import type { SmsMessage } from './wire.ts';

interface PhoneItem {
  phone: string;
  count: number;
  code: string | null;
}

export function inboxPanel(): void {
  const state: Drawn = { sig: '' };
  let messages: SmsMessage[] = [];
  let selected = '';
  const PROVIDER: Record<string, string> = { aliyun: '阿里云', tencent: '腾讯云' };

  function phones() {
    const by: Record<string, PhoneItem> = {};
    const order: string[] = [];
    messages.forEach((m) => {
      if (!by[m.phone]) {
        by[m.phone] = { phone: m.phone, count: 0, code: null };
        order.push(m.phone);
      }
      by[m.phone].count++;
      if (!by[m.phone].code && m.code && m.status === 'delivered') by[m.phone].code = m.code;
    });
    return order.map((p) => by[p]!);
  }

  function phoneButton(p: string, label: string, count: number, code: string | null) {
    return h(
      'button',
      {
        type: 'button',
        testid: 'sms-phone-item',
        'data-phone': p,
        'aria-pressed': selected === p ? 'true' : 'false',
        onclick: () => {
          selected = p;
          render();
        },
      },
      [
        h('span', null, [h('span', { class: p ? 'mono' : '' }, label), code ? h('div', { class: 'sub mono' }, `最新验证码 ${code}`) : null]),
        h('span', { class: 'n' }, String(count)),
      ],
    );
  }

  function copyButton(code: string) {
    const b = h('button', { type: 'button', class: 'btn small', testid: 'sms-copy', 'data-code': code }, '复制');
    b.addEventListener('click', () =>
      copyText(code).then((ok) => {
        b.textContent = ok ? '已复制' : '复制失败';
        b.setAttribute('data-copied', ok ? 'true' : 'false');
        notify(ok ? `已复制验证码 ${code}` : '无法写入剪贴板', ok ? 'info' : 'error');
        setTimeout(() => {
          b.textContent = '复制';
        }, 1500);
      }),
    );
    return b;
  }

  function card(m: SmsMessage) {
    return h('article', { class: 'sms', testid: 'sms-row', 'data-id': m.id, 'data-phone': m.phone, 'data-status': m.status }, [
      h('div', { class: 'meta' }, [
        h('strong', { class: 'mono', testid: 'sms-phone' }, m.phone),
        h('span', { class: `badge ${m.provider === 'aliyun' ? 'warn' : 'info'}` }, PROVIDER[m.provider] || m.provider),
        h('span', null, `签名 ${m.signName}`),
        h('span', { class: 'mono' }, `模板 ${m.template}`),
        h('span', { title: m.receivedAt }, fmtTime(m.receivedAt)),
        m.status === 'undelivered' ? h('span', { class: 'badge err', testid: 'sms-undelivered' }, '未送达（故障注入）') : null,
      ]),
      h('div', { class: 'bubble', testid: 'sms-text' }, m.text),
      h(
        'div',
        { class: 'codebox' },
        m.code ? [h('span', { class: 'code mono', testid: 'sms-code' }, m.code), copyButton(m.code)] : h('span', { class: 'sub' }, '无验证码'),
      ),
    ]);
  }

  function render() {
    const list = phones();
    if (selected && !list.some((p) => p.phone === selected)) selected = '';
    const items = [{ phone: '', label: '全部号码', count: messages.length, code: null as string | null }].concat(
      list.map((p) => ({ phone: p.phone, label: p.phone, count: p.count, code: p.code })),
    );
    syncChildren(
      byTestId('sms-phones')!,
      items,
      (p) => p.phone || 'all',
      (p) => JSON.stringify([p, selected === p.phone]),
      (p) => phoneButton(p.phone, p.label, p.count, p.code),
    );
    const shown = selected ? messages.filter((m) => m.phone === selected) : messages;
    fill(byTestId('sms-count')!, `${messages.length} 条短信，${list.length} 个号码`);
    byTestId('sms-clear')!.textContent = selected ? `清空 ${selected}` : '清空全部';
    const box = byTestId('sms-list')!;
    if (!shown.length) return fill(box, h('div', { class: 'empty', testid: 'sms-empty' }, '收件箱是空的。用阿里云或腾讯云 SDK 发一条短信，它会出现在这里。'));
    const empty = box.querySelector('[data-testid=sms-empty]');
    if (empty) empty.remove();
    syncChildren(
      box,
      shown,
      (m) => m.id,
      (m) => JSON.stringify(m),
      card,
    );
  }

  byTestId('sms-clear')!.addEventListener('click', () => {
    const phone = selected;
    act(api('DELETE', `sms/sms/messages${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`), phone ? `已清空 ${phone}` : '已清空收件箱');
  });

  panel('sms', {
    refresh: () =>
      api<{ messages: SmsMessage[] }>('GET', 'sms/sms/messages?all=1&limit=500').then((res) => {
        if (panelError('sms', [res])) return;
        if (!changed(state, res.body.messages)) return;
        messages = res.body.messages;
        render();
      }),
  });
}
