/**
 * Browser code of the qrconnect page: long-polls the status the way WeChat's page does, shows it,
 * and sends the browser to redirect_uri when the login ends. Also drives the sandbox dev panel,
 * which posts to the same public endpoint as the phone page (no control token needed).
 * Reads its settings from the JSON block #wx-config.
 */

/** #wx-config, written by the server into the page (connect/qr-page.tsx). */
interface QrPageConfig {
  uuid: string;
  appName: string;
  redirectUri: string;
  state: string;
  refusal: 'redirect' | 'none';
  embedded: boolean;
  selfRedirect: boolean;
  pollUrl: string;
  confirmPath: string;
}

type Status = 'waiting' | 'scanned' | 'confirmed' | 'cancelled' | 'expired';

var cfg: QrPageConfig = JSON.parse(document.getElementById('wx-config')!.textContent!);
var statusEl = document.querySelector<HTMLElement>('[data-testid=qr-status]')!;
var detailEl = document.querySelector<HTMLElement>('[data-testid=qr-status-detail]')!;
var refreshEl = document.querySelector<HTMLAnchorElement>('[data-testid=qr-refresh]')!;
var box = document.querySelector('.impowerBox')!;
var TEXT: Record<Status, [string, string]> = {
  waiting: ['请使用微信扫描二维码登录', cfg.appName ? `“${cfg.appName}”` : ''],
  scanned: ['扫描成功', '请在微信中轻触允许即可登录'],
  confirmed: ['登录成功', '正在跳转…'],
  cancelled: ['你已取消此次登录', '你可刷新二维码再次扫描登录，或关闭窗口'],
  expired: ['二维码已失效', '请点击下方刷新二维码'],
};
var STATUS_OF: Record<number, Status | undefined> = { 408: 'waiting', 404: 'scanned', 405: 'confirmed', 403: 'cancelled', 402: 'expired' };

function show(status: Status) {
  box.setAttribute('data-status', status);
  statusEl.setAttribute('data-status', status);
  statusEl.textContent = TEXT[status][0];
  detailEl.textContent = TEXT[status][1];
  var ended = status === 'cancelled' || status === 'expired';
  refreshEl.hidden = !ended;
  // Without the #wechat_redirect fragment, so following it loads the page again (a new QR code).
  if (ended) refreshEl.href = location.href.split('#')[0];
}

// Same rule as the server's callbackUrl: "?" or "&", parameters before any #fragment.
function withParams(uri: string, pairs: [string, string][]) {
  var at = uri.indexOf('#');
  var fragment = at >= 0 ? uri.slice(at) : '';
  var base = at >= 0 ? uri.slice(0, at) : uri;
  var query = pairs.map((p) => `${p[0]}=${encodeURIComponent(p[1])}`).join('&');
  var joiner = base.indexOf('?') < 0 ? '?' : /[?&]$/.test(base) ? '' : '&';
  return base + joiner + query + fragment;
}

// Embedded by wxLogin.js: the top window goes, unless self_redirect asked for the iframe itself.
function go(url: string) {
  var target = cfg.embedded && !cfg.selfRedirect ? window.top : window;
  try {
    target!.location.href = url;
  } catch {
    window.location.href = url;
  }
}

function parse(text: string) {
  var errcode = /window\.wx_errcode\s*=\s*(\d+)/.exec(text);
  var code = /window\.wx_code\s*=\s*'([^']*)'/.exec(text);
  return { errcode: errcode ? Number(errcode[1]) : 0, code: code ? code[1]! : '' };
}

var last = 0;
var ended = false;
function poll() {
  if (ended) return;
  var url = `${cfg.pollUrl}?uuid=${encodeURIComponent(cfg.uuid)}&_=${Date.now()}${last ? `&last=${last}` : ''}`;
  fetch(url, { cache: 'no-store' })
    .then((r) => r.text())
    .then(
      (text) => {
        handle(parse(text));
      },
      () => {
        setTimeout(poll, 2000);
      },
    );
}

function handle(r: { errcode: number; code: string }) {
  var status = STATUS_OF[r.errcode];
  if (!status) {
    setTimeout(poll, 2000);
    return;
  }
  show(status);
  if (status === 'confirmed') {
    ended = true;
    go(
      withParams(cfg.redirectUri, [
        ['code', r.code],
        ['state', cfg.state],
      ]),
    );
  } else if (status === 'cancelled') {
    ended = true;
    if (cfg.refusal === 'redirect') go(withParams(cfg.redirectUri, [['state', cfg.state]]));
  } else if (status === 'expired') {
    ended = true;
  } else {
    last = r.errcode;
    poll();
  }
}

// ---- sandbox dev panel: its answers in the page's language (the control API's own are English)
var personaEl = document.querySelector<HTMLSelectElement>('[data-testid=dev-persona]');
var messageEl = document.querySelector<HTMLElement>('[data-testid=dev-message]')!;
var DONE: Record<string, string | undefined> = { scanned: '已扫码', confirmed: '已确认登录', cancelled: '已取消登录' };
var REFUSED: Record<string, string | undefined> = {
  wrong_state: '二维码已失效或已处理（过期、取消或确认过），请刷新二维码',
  unknown_session: '二维码已失效（会话不存在，沙箱可能已重置），请刷新二维码',
  unknown_persona: '请选择一个存在的模拟用户',
};
function personaLabel() {
  var o = personaEl?.selectedOptions[0];
  return o ? o.textContent : '';
}
function act(action: string) {
  var body = new URLSearchParams({ uuid: cfg.uuid, action: action, persona: personaEl ? personaEl.value : '' });
  messageEl.textContent = '…';
  fetch(cfg.confirmPath, { method: 'POST', body: body, headers: { Accept: 'application/json' } })
    .then((r) => r.json())
    .then(
      (j: { error?: { code: string }; status: string; persona?: string }) => {
        if (j.error) messageEl.textContent = REFUSED[j.error.code] || `操作失败（${j.error.code}）`;
        else messageEl.textContent = (DONE[j.status] || j.status) + (j.persona && j.status !== 'cancelled' ? `：${personaLabel()}` : '');
      },
      () => {
        messageEl.textContent = '请求失败，mock-wechat 是否在运行？';
      },
    );
}
[
  ['dev-scan', 'scan'],
  ['dev-confirm', 'allow'],
  ['dev-cancel', 'deny'],
].forEach((b) => {
  var el = document.querySelector(`[data-testid=${b[0]}]`);
  if (el)
    el.addEventListener('click', () => {
      act(b[1]);
    });
});

show('waiting');
poll();
