import { localPath } from '../../core/local-path.ts';

/**
 * Browser-side helpers every page script starts with. Like FastBee's Vue client: the token lives in
 * the cookie Admin-Token (js-cookie), API calls send it as `Authorization: Bearer`.
 */
export const CLIENT_COMMON = String.raw`
var $ = function (id) { return document.querySelector('[data-testid="' + id + '"]'); };
function getToken() {
  var m = document.cookie.match(/(?:^|;\s*)Admin-Token=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}
function setToken(t) { document.cookie = 'Admin-Token=' + encodeURIComponent(t) + '; path=/; SameSite=Lax'; }
function removeToken() { document.cookie = 'Admin-Token=; path=/; max-age=0; SameSite=Lax'; }
function api(method, path, body) {
  var headers = { 'language': 'zh-CN' };
  var token = getToken();
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json;charset=utf-8';
  return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
    .then(function (r) { return r.json(); })
    .catch(function () { return { code: 500, msg: '网络错误，请稍后重试' }; });
}
function show(el, text, kind) {
  if (!el) return;
  el.textContent = text;
  el.className = 'msg ' + (kind || 'error');
  el.hidden = false;
}
function hide(el) { if (el) el.hidden = true; }
/** Same-origin paths only: ?redirect= must not send a freshly logged-in user elsewhere (the server's own rule, core/local-path.ts). */
var localPath = ${localPath.toString()};
`;
