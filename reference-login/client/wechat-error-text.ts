import { show } from './common.ts';

/**
 * What the login page says when a WeChat login failed. The callback stores WeChat's errmsg (or
 * JustAuth's English status text) under the errorId, as FastBee does, and FastBee's page shows it
 * as it is ("[500] system error, rid: …"). This page says in Chinese what happened, after WeChat's
 * own Chinese descriptions of its error codes (docs/reference-login.md), and shows the original
 * text beneath it: its rid is what WeChat support asks for.
 */
const WECHAT_ERROR_TEXT: [prefix: string, chinese: string][] = [
  ['system error', '微信系统繁忙，请稍后再试'], // -1
  ['invalid code', '微信授权码无效或已过期，请重新扫码登录'], // 40029
  ['code been used', '微信授权码已被使用，请重新扫码登录'], // 40163
  ['code expired', '微信授权码已过期，请重新扫码登录'], // 42003
  ['missing code', '没有收到微信授权码，请重新扫码登录'], // 41008
  ['api minute-quota reach limit', '微信接口调用太频繁，请稍后再试'], // 45011
  ['reach max api daily quota limit', '微信接口今日的调用次数已达上限'], // 45009
  ['invalid appid', '网站应用的 AppID 不正确，请检查第三方登录配置'], // 40013
  ['invalid appsecret', '网站应用的 AppSecret 不正确，请检查第三方登录配置'], // 40125
  ['invalid credential', '网站应用的 AppSecret 不正确，或 access_token 无效'], // 40001
  ['invalid ip', '服务器地址不在微信接口的 IP 白名单中'], // 40164
  ['api unauthorized', '该应用没有调用这个微信接口的权限'], // 48001
  ['invalid access_token', '微信授权已失效，请重新扫码登录'], // 40014
  ['access_token expired', '微信授权已过期，请重新扫码登录'], // 42001
  ['invalid openid', '微信用户标识无效，请重新扫码登录'], // 40003
  // JustAuth's AuthResponseStatus texts (FastBee's OAuth client)
  ['illegal code', '没有收到微信授权码，请重新扫码登录'],
  ['illegal state', '登录请求已失效，或不是从这个浏览器发起的，请重新扫码登录'],
  ['failure', '无法连接微信服务器，请稍后再试'],
];

/** Fills the login page's error box with what a failed WeChat login means, and the original text. */
export function showLoginError(box: HTMLElement, msg: string): void {
  // A Chinese message is the login system's own: shown as it is.
  if (/[\u4e00-\u9fff]/.test(msg)) {
    show(box, msg, 'error');
    return;
  }
  var lower = msg.toLowerCase();
  var hit = WECHAT_ERROR_TEXT.filter((e) => lower.indexOf(e[0]) === 0)[0];
  show(box, `微信登录失败：${hit ? hit[1] : '请重新扫码登录'}`, 'error');
  var detail = document.createElement('div');
  detail.className = 'detail';
  var original = document.createElement('code');
  original.textContent = msg;
  detail.appendChild(document.createTextNode('原始信息：'));
  detail.appendChild(original);
  box.appendChild(detail);
}
