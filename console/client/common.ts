/**
 * Browser code shared by every panel: a tiny DOM builder (text only, never HTML from data), calls
 * to the console's own /api (which holds the control token), messages, the form dialog, and the
 * panel loop that re-reads the panel on screen once a second and redraws only what changed.
 * Reads its settings from the JSON block #console-config.
 */
export const CLIENT_COMMON = String.raw`
var CFG = JSON.parse(document.getElementById('console-config').textContent);

function byTestId(id, root) { return (root || document).querySelector('[data-testid="' + id + '"]'); }

function append(el, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
  el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
}

/** h('td', {class, testid, onclick, ...}, children): attributes as given, text as text nodes. */
function h(tag, attrs, children) {
  var el = document.createElement(tag);
  var value, checked;
  if (attrs) Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'testid') el.setAttribute('data-testid', v);
    else if (k === 'value') value = v;
    else if (k === 'checked') checked = v;
    else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  });
  append(el, children);
  if (value !== undefined) el.value = value;
  if (checked !== undefined) el.checked = !!checked;
  return el;
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
function fill(el, children) { clear(el); append(el, children); return el; }

function api(method, path, body) {
  var init = { method: method, headers: { accept: 'application/json' } };
  if (method !== 'GET') init.headers['x-wxmock-console'] = '1';
  if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = typeof body === 'string' ? body : JSON.stringify(body); }
  return fetch('/api/' + path, init).then(function (r) {
    return r.text().then(function (t) {
      var b;
      try { b = t ? JSON.parse(t) : {}; } catch (e) { b = t; }
      return { status: r.status, ok: r.ok, body: b };
    });
  }, function () { return { status: 0, ok: false, body: { error: { code: 'offline', message: '控制台服务器没有响应' } } }; });
}

function errText(res) {
  return res.body && res.body.error && res.body.error.message ? res.body.error.message : 'HTTP ' + res.status;
}

var toastTimer;
function notify(text, kind) {
  var el = byTestId('console-message');
  el.textContent = text;
  el.title = text; // cut with … when the bar is narrow
  el.className = 'toast' + (kind === 'error' ? ' error' : '');
  el.setAttribute('data-kind', kind || 'info');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(function () { el.hidden = true; }, kind === 'error' ? 8000 : 3500);
}

/** Runs a control call for a button: reports the outcome and redraws the panel at once. */
function act(promise, okText) {
  return promise.then(function (res) {
    if (!res.ok) notify(errText(res), 'error');
    else { if (okText) notify(okText); refreshNow(true); }
    return res;
  });
}

/** Shows (or clears) why a panel could not be read, e.g. a mock that is down. */
function panelError(name, results) {
  var bad = (results || []).filter(function (r) { return !r.ok; });
  var el = byTestId(name + '-error');
  if (el) el.textContent = bad.length ? '读取失败：' + bad.map(errText).join('；') : '';
  return bad.length > 0;
}

/** True when data differs from what the panel shows now (then it is remembered). */
function changed(state, data) {
  var sig = JSON.stringify(data);
  if (sig === state.sig) return false;
  state.sig = sig;
  return true;
}

function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = '0' + n; return n; }
function fmtTime(iso, withMs) {
  if (!iso) return '';
  var d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  var t = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  return withMs ? t + '.' + pad(d.getMilliseconds(), 3) : t;
}
function fmtClock(iso) { return fmtTime(iso).slice(11); }
function fmtOffset(ms) {
  if (!ms) return '';
  var sign = ms < 0 ? '−' : '+';
  var s = Math.round(Math.abs(ms) / 1000);
  var parts = [];
  var d = Math.floor(s / 86400); s -= d * 86400;
  var hh = Math.floor(s / 3600); s -= hh * 3600;
  var m = Math.floor(s / 60); s -= m * 60;
  if (d) parts.push(d + '天');
  if (hh) parts.push(hh + '小时');
  if (m) parts.push(m + '分');
  if (s || !parts.length) parts.push(s + '秒');
  return sign + parts.join('');
}
/** Dots only: no part of a secret is in the page until it is revealed. */
function maskSecret(s) { return s ? new Array(Math.min(String(s).length, 16) + 1).join('•') : '—'; }

// The Clipboard API exists only in secure contexts; over http on a LAN address the old way still works.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
  return Promise.resolve(fallbackCopy(text));
}
function fallbackCopy(text) {
  var ta = h('textarea', { style: 'position:fixed;opacity:0' }, text);
  document.body.appendChild(ta);
  ta.select();
  var ok = false;
  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
  document.body.removeChild(ta);
  return ok;
}

/** Replaces a select's options ([value, label] pairs), keeping the current choice when it still exists. */
function setOptions(select, options, keep) {
  var current = keep === undefined ? select.value : keep;
  fill(select, options.map(function (o) { return h('option', { value: o[0] }, o[1]); }));
  if (options.some(function (o) { return o[0] === current; })) select.value = current;
}

// ---- keyed redraws: rows whose data did not change keep their DOM, so the button under the pointer stays

/**
 * Puts one element per item into parent (after startAfter, if given), in order. An item's element
 * is built again only when sig(item) changed; elements of items that are gone are removed.
 */
function syncChildren(parent, items, key, sig, build, startAfter) {
  const old = new Map();
  Array.from(parent.children).forEach((el) => { if (el.hasAttribute('data-sync-key')) old.set(el.getAttribute('data-sync-key'), el); });
  let prev = startAfter || null;
  items.forEach((item) => {
    const k = String(key(item));
    const s = sig(item);
    let el = old.get(k);
    old.delete(k);
    if (!el || el.__sig !== s) {
      const fresh = build(item);
      fresh.setAttribute('data-sync-key', k);
      fresh.__sig = s;
      if (el) el.remove();
      el = fresh;
    }
    const want = prev ? prev.nextSibling : parent.firstChild;
    if (want !== el) parent.insertBefore(el, want);
    prev = el;
  });
  old.forEach((el) => el.remove());
}

/** A table in container with one tbody row per item; the empty text when there are none. */
function syncTable(container, spec) {
  if (!spec.items.length) {
    if (!container.querySelector('[data-empty]')) fill(container, h('div', { class: 'empty', testid: spec.emptyTestid, 'data-empty': '' }, spec.empty));
    return;
  }
  let table = container.querySelector('table[data-testid="' + spec.testid + '"]');
  if (!table) {
    table = h('table', { class: spec.className || 'grid', testid: spec.testid }, [h('thead', null, h('tr', null, spec.headers.map((t) => h('th', null, t)))), spec.groups ? null : h('tbody')]);
    fill(container, table);
  }
  // groups: one <tbody> per item (a row plus its details); otherwise one <tr> per item in the one tbody.
  if (spec.groups) syncChildren(table, spec.items, spec.key, spec.sig, spec.row, table.tHead);
  else syncChildren(table.tBodies[0], spec.items, spec.key, spec.sig, spec.row);
}

// ---- the form dialog: one <dialog>, rebuilt for each form

/**
 * openForm({title, testid, sections: [{title?, fields: [{name, label, type, value, options, placeholder, readonly, wide}]}], submit})
 * Field controls get data-testid "<testid>-<name>"; submit(values) returns a call result: ok closes.
 */
function openForm(spec) {
  var dialog = byTestId('form-dialog');
  var errorEl = h('p', { class: 'form-error', testid: spec.testid + '-error', role: 'alert' });
  var controls = {};
  function field(f) {
    var id = spec.testid + '-' + f.name;
    var control;
    if (f.type === 'select') control = h('select', { testid: id, name: f.name, disabled: f.readonly }, (f.options || []).map(function (o) { return h('option', { value: o[0] }, o[1]); }));
    else if (f.type === 'checkbox') control = h('input', { type: 'checkbox', testid: id, name: f.name, checked: !!f.value });
    else control = h('input', { type: f.type === 'number' ? 'number' : 'text', step: f.step, testid: id, name: f.name, placeholder: f.placeholder, readonly: f.readonly, autocomplete: 'off', spellcheck: 'false' });
    if (f.type !== 'checkbox') control.value = f.value === null || f.value === undefined ? '' : String(f.value);
    if (f.onchange) control.addEventListener('change', function () { f.onchange(control, controls); });
    controls[f.name] = control;
    if (f.type === 'checkbox') return h('label', { class: 'check' + (f.wide ? ' wide' : '') }, [control, f.label]);
    return h('label', { class: f.wide ? 'wide' : undefined, title: f.title }, [f.label, control]);
  }
  var form = h('form', { method: 'dialog', testid: spec.testid }, [
    h('h3', null, spec.title),
    spec.sections.map(function (s) { return [s.title ? h('h4', null, s.title) : null, h('div', { class: 'fields' + (s.compact ? ' ids-fields' : '') }, s.fields.map(field))]; }),
    errorEl,
    h('div', { class: 'form-actions' }, [
      h('button', { type: 'button', class: 'btn', testid: spec.testid + '-cancel', onclick: function () { dialog.close(); } }, '取消'),
      h('button', { type: 'submit', class: 'btn primary', testid: spec.testid + '-save' }, spec.saveLabel || '保存'),
    ]),
  ]);
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var values = {};
    Object.keys(controls).forEach(function (k) { var c = controls[k]; values[k] = c.type === 'checkbox' ? c.checked : c.value.trim(); });
    errorEl.textContent = '';
    Promise.resolve(spec.submit(values)).then(function (res) {
      if (res && res.ok) { dialog.close(); notify(spec.okText || '已保存'); refreshNow(true); }
      else errorEl.textContent = res ? errText(res) : '';
    });
  });
  fill(dialog, form);
  // Dependent fields (e.g. base only for mobile apps) take their state from the initial values.
  spec.sections.forEach(function (s) { s.fields.forEach(function (f) { if (f.onchange) f.onchange(controls[f.name], controls); }); });
  dialog.showModal();
  var first = form.querySelector('input:not([readonly]), select');
  if (first) first.focus();
}

// ---- panels and the refresh loop

var panels = {};
var active = null;
var running = null;
var again = null;

/** panel(name, {refresh(force), activate?()}) */
function panel(name, def) { panels[name] = def; }

function currentPanel() {
  var n = location.hash.replace(/^#\/?/, '');
  return panels[n] ? n : CFG.panels[0];
}

/**
 * Reads the panel on screen (force: read everything, skip cheap change checks). A call made while a
 * read runs is folded into one more read afterwards.
 */
function refreshNow(force) {
  var p = panels[active];
  if (!p) return Promise.resolve();
  if (running) { again = { force: !!force || (again !== null && again.force) }; return running; }
  running = Promise.resolve()
    .then(function () { return p.refresh(!!force); })
    .catch(function (e) { console.error(e); })
    .then(function () {
      running = null;
      var next = again;
      again = null;
      if (next) return refreshNow(next.force);
    });
  return running;
}

function showPanel() {
  active = currentPanel();
  document.querySelectorAll('[data-panel]').forEach(function (s) { s.hidden = s.getAttribute('data-panel') !== active; });
  document.querySelectorAll('nav.tabs a').forEach(function (a) {
    if (a.getAttribute('href') === '#' + active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  document.body.setAttribute('data-active-panel', active);
  if (panels[active].activate) panels[active].activate();
  refreshNow(true);
}

// ---- the header: where the mocks are and what their clocks say

function refreshStatus() {
  return api('GET', 'status').then(function (res) {
    if (!res.ok) return;
    (res.body.mocks || []).forEach(function (m) {
      var el = byTestId('mock-status-' + m.name);
      if (!el) return;
      el.setAttribute('data-ok', m.ok ? 'true' : 'false');
      el.setAttribute('data-offset', String(m.offsetMs || 0));
      el.title = m.ok ? m.url : m.error;
      fill(el.querySelector('.clock'), m.ok ? fmtClock(m.now) : '无法访问');
      fill(el.querySelector('.offset'), m.ok && m.offsetMs ? fmtOffset(m.offsetMs) : '');
    });
  });
}
`;

/** Starts the panel loop once every panel script has registered. */
export const CLIENT_BOOT = String.raw`
window.addEventListener('hashchange', showPanel);
showPanel();
refreshStatus();
setInterval(function () { if (document.visibilityState === 'visible') refreshNow(false); }, CFG.pollMs);
setInterval(function () { if (document.visibilityState === 'visible') refreshStatus(); }, Math.max(CFG.pollMs * 2, 1000));
document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') { refreshNow(true); refreshStatus(); } });
`;
