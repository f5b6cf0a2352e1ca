/**
 * Browser code shared by every panel: a tiny DOM builder (text only, never HTML from data), calls
 * to the console's own /api (which holds the control token), messages, the form dialog, and the
 * panel loop that re-reads the panel on screen once a second and redraws only what changed.
 * Reads its settings from the JSON block #console-config.
 */
import type { ApiError, ApiResult, ConsoleConfig, MockStatus } from './wire.ts';

export const CFG: ConsoleConfig = JSON.parse(document.getElementById('console-config')!.textContent!);

/** The element with this data-testid (the shell renders every one a panel names). */
export function byTestId<T extends Element = HTMLElement>(id: string, root?: ParentNode): T | null {
  return (root || document).querySelector<T>(`[data-testid="${id}"]`);
}

/** What h() puts into an element: nodes, and anything else as text; null, undefined and false as nothing. */
export type Child = Node | string | number | boolean | null | undefined | Child[];

function append(el: Node, c: Child): void {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) {
    c.forEach((x) => {
      append(el, x);
    });
    return;
  }
  el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
}

/** h('td', {class, testid, onclick, ...}, children): attributes as given, text as text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, unknown> | null, children?: Child): HTMLElementTagNameMap[K] {
  var el = document.createElement(tag);
  var value: unknown, checked: unknown;
  if (attrs)
    Object.keys(attrs).forEach((k) => {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'class') el.className = String(v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'testid') el.setAttribute('data-testid', String(v));
      else if (k === 'value') value = v;
      else if (k === 'checked') checked = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v as EventListener);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
  append(el, children);
  if (value !== undefined) (el as HTMLInputElement).value = String(value);
  if (checked !== undefined) (el as HTMLInputElement).checked = !!checked;
  return el;
}

export function clear<T extends Node>(el: T): T {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}
export function fill<T extends Node>(el: T, children: Child): T {
  clear(el);
  append(el, children);
  return el;
}

export function api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  var headers: Record<string, string> = { accept: 'application/json' };
  var init: RequestInit = { method: method, headers: headers };
  if (method !== 'GET') headers['x-wxmock-console'] = '1';
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return fetch(`/api/${path}`, init).then(
    (r) =>
      r.text().then((t) => {
        let b: unknown;
        try {
          b = t ? JSON.parse(t) : {};
        } catch {
          b = t;
        }
        return { status: r.status, ok: r.ok, body: b as T };
      }),
    () => ({ status: 0, ok: false, body: { error: { code: 'offline', message: '控制台服务器没有响应' } } as T }),
  );
}

export function errText(res: ApiResult): string {
  var body = res.body as ApiError | undefined;
  return body?.error?.message ? body.error.message : `HTTP ${res.status}`;
}

var toastTimer: ReturnType<typeof setTimeout> | undefined;
export function notify(text: string, kind?: 'info' | 'error'): void {
  var el = byTestId('console-message')!;
  el.textContent = text;
  el.title = text; // cut with … when the bar is narrow
  el.className = `toast${kind === 'error' ? ' error' : ''}`;
  el.setAttribute('data-kind', kind || 'info');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(
    () => {
      el.hidden = true;
    },
    kind === 'error' ? 8000 : 3500,
  );
}

/** Runs a control call for a button: reports the outcome and redraws the panel at once. */
export function act<T>(promise: Promise<ApiResult<T>>, okText?: string): Promise<ApiResult<T>> {
  return promise.then((res) => {
    if (!res.ok) notify(errText(res), 'error');
    else {
      if (okText) notify(okText);
      refreshNow(true);
    }
    return res;
  });
}

/** Shows (or clears) why a panel could not be read, e.g. a mock that is down. */
export function panelError(name: string, results: ApiResult[]): boolean {
  var bad = (results || []).filter((r) => !r.ok);
  var el = byTestId(`${name}-error`);
  if (el) el.textContent = bad.length ? `读取失败：${bad.map(errText).join('；')}` : '';
  return bad.length > 0;
}

/** What a panel last drew, as a signature of its data. */
export interface Drawn {
  sig: string;
}

/** True when data differs from what the panel shows now (then it is remembered). */
export function changed(state: Drawn, data: unknown): boolean {
  var sig = JSON.stringify(data);
  if (sig === state.sig) return false;
  state.sig = sig;
  return true;
}

function pad(n: number | string, w?: number): string {
  n = String(n);
  while (n.length < (w || 2)) n = `0${n}`;
  return n;
}
export function fmtTime(iso: string | null | undefined, withMs?: boolean): string {
  if (!iso) return '';
  var d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  var t = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${t}.${pad(d.getMilliseconds(), 3)}` : t;
}
export function fmtClock(iso: string | null | undefined): string {
  return fmtTime(iso).slice(11);
}
export function fmtOffset(ms: number | null | undefined): string {
  if (!ms) return '';
  var sign = ms < 0 ? '−' : '+';
  var s = Math.round(Math.abs(ms) / 1000);
  var parts: string[] = [];
  var d = Math.floor(s / 86400);
  s -= d * 86400;
  var hh = Math.floor(s / 3600);
  s -= hh * 3600;
  var m = Math.floor(s / 60);
  s -= m * 60;
  if (d) parts.push(`${d}天`);
  if (hh) parts.push(`${hh}小时`);
  if (m) parts.push(`${m}分`);
  if (s || !parts.length) parts.push(`${s}秒`);
  return sign + parts.join('');
}
/** Dots only: no part of a secret is in the page until it is revealed. */
export function maskSecret(s: string | null | undefined): string {
  return s ? new Array(Math.min(String(s).length, 16) + 1).join('•') : '—';
}

// The Clipboard API exists only in secure contexts; over http on a LAN address the old way still works.
export function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext)
    return navigator.clipboard.writeText(text).then(
      () => true,
      () => fallbackCopy(text),
    );
  return Promise.resolve(fallbackCopy(text));
}
function fallbackCopy(text: string): boolean {
  var ta = h('textarea', { style: 'position:fixed;opacity:0' }, text);
  document.body.appendChild(ta);
  ta.select();
  var ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

/** Replaces a select's options ([value, label] pairs), keeping the current choice when it still exists. */
export function setOptions(select: HTMLSelectElement, options: [string, string][], keep?: string): void {
  var current = keep === undefined ? select.value : keep;
  fill(
    select,
    options.map((o) => h('option', { value: o[0] }, o[1])),
  );
  if (options.some((o) => o[0] === current)) select.value = current;
}

// ---- keyed redraws: rows whose data did not change keep their DOM, so the button under the pointer stays

/** An element remembers the signature of the item it was built from. */
type Synced = Element & { __sig?: string };

/**
 * Puts one element per item into parent (after startAfter, if given), in order. An item's element
 * is built again only when sig(item) changed; elements of items that are gone are removed.
 */
export function syncChildren<T>(
  parent: Element,
  items: T[],
  key: (item: T) => unknown,
  sig: (item: T) => string,
  build: (item: T) => Element,
  startAfter?: Element | null,
): void {
  const old = new Map<string, Synced>();
  Array.from(parent.children).forEach((el) => {
    if (el.hasAttribute('data-sync-key')) old.set(el.getAttribute('data-sync-key')!, el);
  });
  let prev: Element | null = startAfter || null;
  items.forEach((item) => {
    const k = String(key(item));
    const s = sig(item);
    let el = old.get(k);
    old.delete(k);
    if (!el || el.__sig !== s) {
      const fresh: Synced = build(item);
      fresh.setAttribute('data-sync-key', k);
      fresh.__sig = s;
      if (el) el.remove();
      el = fresh;
    }
    const want = prev ? prev.nextSibling : parent.firstChild;
    if (want !== el) parent.insertBefore(el, want);
    prev = el;
  });
  for (const el of old.values()) el.remove();
}

export interface TableSpec<T> {
  testid: string;
  className?: string;
  emptyTestid: string;
  empty: Child;
  headers: string[];
  /** one <tbody> per item (a row plus its details) instead of one <tr> per item */
  groups?: boolean;
  items: T[];
  key(item: T): unknown;
  sig(item: T): string;
  row(item: T): Element;
}

/** A table in container with one tbody row per item; the empty text when there are none. */
export function syncTable<T>(container: Element, spec: TableSpec<T>): void {
  if (!spec.items.length) {
    if (!container.querySelector('[data-empty]')) fill(container, h('div', { class: 'empty', testid: spec.emptyTestid, 'data-empty': '' }, spec.empty));
    return;
  }
  let table = container.querySelector<HTMLTableElement>(`table[data-testid="${spec.testid}"]`);
  if (!table) {
    table = h('table', { class: spec.className || 'grid', testid: spec.testid }, [
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          spec.headers.map((t) => h('th', null, t)),
        ),
      ),
      spec.groups ? null : h('tbody'),
    ]);
    fill(container, table);
  }
  // groups: one <tbody> per item (a row plus its details); otherwise one <tr> per item in the one tbody.
  if (spec.groups) syncChildren(table, spec.items, spec.key, spec.sig, spec.row, table.tHead);
  else syncChildren(table.tBodies[0]!, spec.items, spec.key, spec.sig, spec.row);
}

// ---- the form dialog: one <dialog>, rebuilt for each form

export type FormControl = HTMLInputElement | HTMLSelectElement;
/** The values of a submitted form: a checkbox's is a boolean, every other field's its trimmed text. */
export type FormValues = Record<string, string | boolean>;

export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'select' | 'checkbox';
  value?: unknown;
  options?: [string, string][];
  placeholder?: string;
  readonly?: boolean;
  wide?: boolean;
  step?: string;
  title?: string;
  onchange?(control: FormControl, controls: Record<string, FormControl>): void;
}

export interface FormSpec {
  title: string;
  testid: string;
  sections: { title?: string; compact?: boolean; fields: FormField[] }[];
  /** the call that saves the form: ok closes it, an error is shown in it */
  submit(values: FormValues): Promise<ApiResult> | ApiResult | undefined;
  okText?: string;
  saveLabel?: string;
}

/** The title and the confirmation of a form that creates an item (`id` undefined) or edits the item `id`. */
export function createOrEdit(noun: string, id: string | undefined): { title: string; okText: string } {
  return id === undefined ? { title: `新建${noun}`, okText: `已创建${noun}` } : { title: `编辑${noun} ${id}`, okText: `已保存${noun} ${id}` };
}

/**
 * openForm({title, testid, sections: [{title?, fields: [{name, label, type, value, options, placeholder, readonly, wide}]}], submit})
 * Field controls get data-testid "<testid>-<name>"; submit(values) returns a call result: ok closes.
 */
export function openForm(spec: FormSpec): void {
  var dialog = byTestId<HTMLDialogElement>('form-dialog')!;
  var errorEl = h('p', { class: 'form-error', testid: `${spec.testid}-error`, role: 'alert' });
  var controls: Record<string, FormControl> = {};
  function field(f: FormField) {
    var id = `${spec.testid}-${f.name}`;
    var control: FormControl;
    if (f.type === 'select')
      control = h(
        'select',
        { testid: id, name: f.name, disabled: f.readonly },
        (f.options || []).map((o) => h('option', { value: o[0] }, o[1])),
      );
    else if (f.type === 'checkbox') control = h('input', { type: 'checkbox', testid: id, name: f.name, checked: !!f.value });
    else
      control = h('input', {
        type: f.type === 'number' ? 'number' : 'text',
        step: f.step,
        testid: id,
        name: f.name,
        placeholder: f.placeholder,
        readonly: f.readonly,
        autocomplete: 'off',
        spellcheck: 'false',
      });
    if (f.type !== 'checkbox') control.value = f.value === null || f.value === undefined ? '' : String(f.value);
    if (f.onchange) {
      const onchange = f.onchange;
      control.addEventListener('change', () => {
        onchange(control, controls);
      });
    }
    controls[f.name] = control;
    if (f.type === 'checkbox') return h('label', { class: `check${f.wide ? ' wide' : ''}` }, [control, f.label]);
    return h('label', { class: f.wide ? 'wide' : undefined, title: f.title }, [f.label, control]);
  }
  var form = h('form', { method: 'dialog', testid: spec.testid }, [
    h('h3', null, spec.title),
    spec.sections.map((s) => [s.title ? h('h4', null, s.title) : null, h('div', { class: `fields${s.compact ? ' ids-fields' : ''}` }, s.fields.map(field))]),
    errorEl,
    h('div', { class: 'form-actions' }, [
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          testid: `${spec.testid}-cancel`,
          onclick: () => {
            dialog.close();
          },
        },
        '取消',
      ),
      h('button', { type: 'submit', class: 'btn primary', testid: `${spec.testid}-save` }, spec.saveLabel || '保存'),
    ]),
  ]);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    var values: FormValues = {};
    Object.keys(controls).forEach((k) => {
      var c = controls[k]!;
      values[k] = c.type === 'checkbox' ? (c as HTMLInputElement).checked : c.value.trim();
    });
    errorEl.textContent = '';
    Promise.resolve(spec.submit(values)).then((res) => {
      if (res?.ok) {
        dialog.close();
        notify(spec.okText || '已保存');
        refreshNow(true);
      } else errorEl.textContent = res ? errText(res) : '';
    });
  });
  fill(dialog, form);
  // Dependent fields (e.g. base only for mobile apps) take their state from the initial values.
  spec.sections.forEach((s) => {
    s.fields.forEach((f) => {
      if (f.onchange) f.onchange(controls[f.name]!, controls);
    });
  });
  dialog.showModal();
  var first = form.querySelector<HTMLElement>('input:not([readonly]), select');
  if (first) first.focus();
}

// ---- panels and the refresh loop

export interface PanelDef {
  /** reads the panel's data and redraws what changed; force: read everything, skip cheap change checks */
  refresh(force: boolean): Promise<unknown> | undefined;
  /** runs each time the panel is shown */
  activate?(): unknown;
}

var panels: Record<string, PanelDef> = {};
var active: string | null = null;
var running: Promise<void> | null = null;
var again: { force: boolean } | null = null;

/** panel(name, {refresh(force), activate?()}) */
export function panel(name: string, def: PanelDef): void {
  panels[name] = def;
}

function currentPanel(): string {
  var n = location.hash.replace(/^#\/?/, '');
  return panels[n] ? n : CFG.panels[0]!;
}

/**
 * Reads the panel on screen (force: read everything, skip cheap change checks). A call made while a
 * read runs is folded into one more read afterwards.
 */
export function refreshNow(force?: boolean): Promise<void> {
  var p = active === null ? undefined : panels[active];
  if (!p) return Promise.resolve();
  if (running) {
    again = { force: !!force || again?.force === true };
    return running;
  }
  const current = p;
  running = Promise.resolve()
    .then(() => current.refresh(!!force))
    .catch((e) => {
      console.error(e);
    })
    .then(() => {
      running = null;
      var next = again;
      again = null;
      if (next) return refreshNow(next.force);
    });
  return running;
}

function showPanel() {
  var name = currentPanel();
  active = name;
  document.querySelectorAll('[data-panel]').forEach((s) => {
    (s as HTMLElement).hidden = s.getAttribute('data-panel') !== name;
  });
  document.querySelectorAll('nav.tabs a').forEach((a) => {
    if (a.getAttribute('href') === `#${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.body.setAttribute('data-active-panel', name);
  var def = panels[name]!;
  if (def.activate) def.activate();
  refreshNow(true);
}

// ---- the header: where the mocks are and what their clocks say

export function refreshStatus(): Promise<void> {
  return api<{ mocks?: MockStatus[] }>('GET', 'status').then((res) => {
    if (!res.ok) return;
    (res.body.mocks || []).forEach((m) => {
      var el = byTestId(`mock-status-${m.name}`);
      if (!el) return;
      el.setAttribute('data-ok', m.ok ? 'true' : 'false');
      el.setAttribute('data-offset', String(m.offsetMs || 0));
      el.title = m.ok ? m.url : m.error!;
      fill(el.querySelector('.clock')!, m.ok ? fmtClock(m.now) : '无法访问');
      fill(el.querySelector('.offset')!, m.ok && m.offsetMs ? fmtOffset(m.offsetMs) : '');
    });
  });
}

/** Starts the panel loop once every panel has registered. */
export function boot(): void {
  window.addEventListener('hashchange', showPanel);
  showPanel();
  refreshStatus();
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshNow(false);
  }, CFG.pollMs);
  setInterval(
    () => {
      if (document.visibilityState === 'visible') refreshStatus();
    },
    Math.max(CFG.pollMs * 2, 1000),
  );
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      refreshNow(true);
      refreshStatus();
    }
  });
}
