/**
 * wxLogin.js as sites load it from res.wx.qq.com: `new WxLogin({...})` puts an iframe of qrconnect
 * (login_type=jssdk) into the element `id`. The mock's origin is taken from this script's own src,
 * so a page of any origin that loads the script from the mock gets the mock's QR page. Like the real
 * script, redirect_uri and state are passed through as given (sites encode redirect_uri themselves).
 * `fallbackOrigin` is used only when the script's src cannot be found (e.g. injected as text).
 */
export function wxLoginScript(fallbackOrigin: string): string {
  return String.raw`(function () {
  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) if (/wxLogin\.js(\?|#|$)/.test(all[i].src)) { script = all[i]; break; }
  }
  var origin = ${JSON.stringify(fallbackOrigin)};
  try { if (script && script.src) origin = new URL(script.src, location.href).origin; } catch (e) { /* keep the fallback */ }

  function WxLogin(a) {
    a = a || {};
    var selfRedirect = 'default';
    if (a.self_redirect === true || a.self_redirect === 'true') selfRedirect = 'true';
    else if (a.self_redirect === false || a.self_redirect === 'false') selfRedirect = 'false';
    var src = origin + '/connect/qrconnect?appid=' + (a.appid || '') + '&scope=' + (a.scope || '') +
      '&redirect_uri=' + (a.redirect_uri || '') + '&state=' + (a.state || '') +
      '&login_type=jssdk&self_redirect=' + selfRedirect +
      '&styletype=' + (a.styletype || '') + '&sizetype=' + (a.sizetype || '') +
      '&bgcolor=' + (a.bgcolor || '') + '&rst=' + (a.rst || '');
    if (a.style) src += '&style=' + a.style;
    if (a.href) src += '&href=' + encodeURIComponent(a.href);
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
    if (typeof a.onReady === 'function') frame.onload = function () { a.onReady(true); };
    var box = document.getElementById(a.id);
    if (box) { box.innerHTML = ''; box.appendChild(frame); }
  }

  window.WxLogin = WxLogin;
})();
`;
}
