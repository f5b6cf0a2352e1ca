/**
 * jweixin-1.x.js as the sandbox serves it at res.wx.qq.com's path (docs/mock-wechat.md#js-sdk).
 * wx.config computes nothing secret in the page: it sends appId, timestamp, nonceStr, signature and
 * the page's URL (without its #fragment) to the mock, which checks the signature against the app's
 * jsapi_ticket as WeChat's client does, then fires wx.ready or wx.error({errMsg}). debug:true
 * alerts every result, as WeChat does. The server puts one line before this code
 * (mock-wechat/jssdk/routes.ts): `self.wxmockJweixin = {fallbackOrigin, verifyPath}`, the mock's
 * address for a copy whose own src cannot be found and the path of the check.
 */

/** What the server's line before this code says. */
interface JweixinBoot {
  fallbackOrigin: string;
  verifyPath: string;
}

const boot = (self as unknown as { wxmockJweixin: JweixinBoot }).wxmockJweixin;

type Result = { errMsg: string; [k: string]: unknown };
type Callbacks = { success?: (r: Result) => void; fail?: (r: Result) => void; complete?: (r: Result) => void };
interface ConfigInput {
  debug?: boolean;
  appId?: string;
  timestamp?: number | string;
  nonceStr?: string;
  signature?: string;
  jsApiList?: string[];
  openTagList?: string[];
}

// The mock's origin is that of this script's src, so a page of any origin reaches the mock it loaded it from.
let script = document.currentScript as HTMLScriptElement | null;
if (!script) {
  const all = document.getElementsByTagName('script');
  for (let i = all.length - 1; i >= 0; i--)
    if (/jweixin-[\d.]+\.js(\?|#|$)/.test(all[i]!.src)) {
      script = all[i]!;
      break;
    }
}
let origin = boot.fallbackOrigin;
try {
  if (script?.src) origin = new URL(script.src, location.href).origin;
} catch {
  // keep the fallback
}

let state: 'idle' | 'verifying' | 'ok' | 'failed' = 'idle';
let failure: Result | undefined;
let debug = false;
let allowed: string[] = [];
const readyQueue: (() => void)[] = [];
const errorHandlers: ((r: Result) => void)[] = [];

function show(r: Result): void {
  if (debug) window.alert(JSON.stringify(r));
}

function finish(r: Result): void {
  show(r);
  if (r.errMsg === 'config:ok') {
    state = 'ok';
    for (const fn of readyQueue.splice(0)) fn();
  } else {
    state = 'failed';
    failure = r;
    for (const fn of errorHandlers) fn(r);
  }
}

function config(input: ConfigInput): void {
  const c = input || {};
  debug = !!c.debug;
  allowed = Array.isArray(c.jsApiList) ? c.jsApiList : [];
  state = 'verifying';
  if (debug) console.log('wx.config', c);
  const body = new URLSearchParams({
    appId: String(c.appId ?? ''),
    timestamp: String(c.timestamp ?? ''),
    nonceStr: String(c.nonceStr ?? ''),
    signature: String(c.signature ?? ''),
    url: location.href.split('#')[0]!,
    jsApiList: allowed.join(','),
  });
  fetch(origin + boot.verifyPath, { method: 'POST', body })
    .then((res) => res.json() as Promise<{ errMsg: string; sandboxHint?: string }>)
    .then(
      (res) => {
        if (res.sandboxHint) console.warn(`[wxmock] wx.config: ${res.sandboxHint}`);
        finish({ errMsg: res.errMsg });
      },
      () => finish({ errMsg: 'config:fail' }),
    );
}

/** An API without data to return: ok once config succeeded and the page asked for it in jsApiList. */
function invoke(name: string, args: Callbacks | undefined, data: Record<string, unknown> = {}): void {
  const a = args || {};
  let r: Result;
  if (state !== 'ok') r = { errMsg: `${name}:fail, the permission value is offline verifying` };
  else if (name !== 'checkJsApi' && allowed.indexOf(name) < 0) r = { errMsg: `${name}:permission denied` };
  else r = { ...data, errMsg: `${name}:ok` };
  show(r);
  if (/:ok$/.test(r.errMsg)) a.success?.(r);
  else a.fail?.(r);
  a.complete?.(r);
}

const wx: Record<string, unknown> = {
  config,
  ready(fn: () => void): void {
    if (state === 'ok') fn();
    else readyQueue.push(fn);
  },
  error(fn: (r: Result) => void): void {
    errorHandlers.push(fn);
    if (state === 'failed' && failure) fn(failure);
  },
  checkJsApi(args: Callbacks & { jsApiList?: string[] }): void {
    const checkResult: Record<string, boolean> = {};
    for (const name of args?.jsApiList ?? []) checkResult[name] = typeof wx[name] === 'function';
    invoke('checkJsApi', args, { checkResult });
  },
};
const noData = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'onMenuShareTimeline',
  'onMenuShareAppMessage',
  'onMenuShareQQ',
  'onMenuShareWeibo',
  'onMenuShareQZone',
  'hideMenuItems',
  'showMenuItems',
  'hideAllNonBaseMenuItem',
  'showAllNonBaseMenuItem',
  'closeWindow',
];
for (const name of noData) wx[name] = (args?: Callbacks) => invoke(name, args);

const w = window as unknown as { wx: unknown; jWeixin: unknown };
w.wx = wx;
w.jWeixin = wx;
