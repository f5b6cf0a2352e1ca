/**
 * wxLogin.js as sites load it from res.wx.qq.com: `new WxLogin({...})` puts an iframe of qrconnect
 * (login_type=jssdk) into the element `id`. The mock's origin is taken from this script's own src,
 * so a page of any origin that loads the script from the mock gets the mock's QR page. Like the real
 * script, redirect_uri and state are passed through as given (sites encode redirect_uri themselves).
 * `WxLogin.fallbackOrigin`, which the server sets in one line after this code
 * (mock-wechat/connect/routes.ts), is used only when the script's src cannot be found (e.g.
 * injected as text).
 */

/** The options sites pass, as WeChat documents them; every value is put into the URL as given. */
interface WxLoginOptions {
  id?: string;
  appid?: string;
  scope?: string;
  redirect_uri?: string;
  state?: string;
  self_redirect?: boolean | string;
  style?: string;
  href?: string;
  lang?: string;
  stylelite?: number;
  fast_login?: number;
  styletype?: string;
  sizetype?: string;
  bgcolor?: string;
  rst?: string;
  onReady?: (ready: boolean) => void;
}

let script = document.currentScript as HTMLScriptElement | null;
if (!script) {
  const all = document.getElementsByTagName('script');
  for (let i = all.length - 1; i >= 0; i--)
    if (/wxLogin\.js(\?|#|$)/.test(all[i]!.src)) {
      script = all[i]!;
      break;
    }
}
var ownOrigin = '';
try {
  if (script?.src) ownOrigin = new URL(script.src, location.href).origin;
} catch {
  /* keep the fallback */
}

function WxLogin(options?: WxLoginOptions) {
  var a = options || {};
  var origin = ownOrigin || WxLogin.fallbackOrigin;
  var selfRedirect = 'default';
  if (a.self_redirect === true || a.self_redirect === 'true') selfRedirect = 'true';
  else if (a.self_redirect === false || a.self_redirect === 'false') selfRedirect = 'false';
  var src =
    origin +
    '/connect/qrconnect?appid=' +
    (a.appid || '') +
    '&scope=' +
    (a.scope || '') +
    '&redirect_uri=' +
    (a.redirect_uri || '') +
    '&state=' +
    (a.state || '') +
    '&login_type=jssdk&self_redirect=' +
    selfRedirect +
    '&styletype=' +
    (a.styletype || '') +
    '&sizetype=' +
    (a.sizetype || '') +
    '&bgcolor=' +
    (a.bgcolor || '') +
    '&rst=' +
    (a.rst || '');
  if (a.style) src += `&style=${a.style}`;
  if (a.href) src += `&href=${encodeURIComponent(a.href)}`;
  if (a.lang === 'en') src += '&lang=en';
  if (a.stylelite === 1) src += '&stylelite=1';
  if (a.fast_login === 0) src += '&fast_login=0';

  var frame = document.createElement('iframe');
  frame.src = src;
  frame.frameBorder = '0';
  frame.setAttribute('allowTransparency', 'true');
  frame.scrolling = 'no';
  frame.width = '300px';
  frame.height = '400px';
  // allow-top-navigation lets the QR page send the top window to redirect_uri without a click.
  frame.setAttribute('sandbox', 'allow-scripts allow-top-navigation allow-same-origin allow-popups');
  if (typeof a.onReady === 'function')
    frame.onload = () => {
      a.onReady!(true);
    };
  var box = document.getElementById(a.id as string);
  if (box) {
    box.innerHTML = '';
    box.appendChild(frame);
  }
}
/** The mock's URL, for a copy of this script that runs without its src. */
WxLogin.fallbackOrigin = '';

(window as unknown as { WxLogin: typeof WxLogin }).WxLogin = WxLogin;
