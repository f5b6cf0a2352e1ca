/**
 * The user centre's script: the header's 退出登录 and the WeChat row, modelled on FastBee's
 * profile/index.vue. Its script tag names where wxLogin.js comes from (data-open-base,
 * pages/profile.tsx).
 */
import { $, api, hide, pageData, show } from './common.ts';
import { logoutButton } from './logout.ts';

/** What the bind QR needs (/wechat/getWxBindQr). */
interface BindQr {
  appid: string;
  scope: string;
  redirectUri: string;
  state: string;
}
/** WeChat's wxLogin.js, loaded below: `new WxLogin(options)` frames its QR page. */
type WxLoginConstructor = new (options: Record<string, unknown>) => unknown;

var openBase = pageData().openBase || '';

logoutButton();

var msgBox = $('profile-message');
var params = new URLSearchParams(location.search);
var msgId = params.get('wxBindMsgId');
if (msgId) {
  api('GET', `/wechat/getWxBindMsg?wxBindMsgId=${encodeURIComponent(msgId)}`).then((res) => {
    show(msgBox, res.msg, res.code === 200 ? 'info' : 'error');
    history.replaceState(null, '', location.pathname);
  });
}

var bindBtn = $<HTMLButtonElement>('wx-bind-button');
if (bindBtn)
  bindBtn.addEventListener('click', () => {
    bindBtn!.disabled = true;
    // A message of what came before (解绑成功) would read as the answer to this new step.
    hide(msgBox);
    api<BindQr>('GET', '/wechat/getWxBindQr').then((res) => {
      if (res.code !== 200) {
        bindBtn!.disabled = false;
        show(msgBox, res.msg, 'error');
        return;
      }
      var d = res.data!;
      var s = document.createElement('script');
      s.src = `${openBase}/connect/zh_CN/htmledition/js/wxLogin.js`;
      s.onload = () => {
        $('wx-qr')!.hidden = false;
        new (window as unknown as { WxLogin: WxLoginConstructor }).WxLogin({
          self_redirect: false,
          id: 'weixinLogin',
          appid: d.appid,
          scope: d.scope,
          redirect_uri: encodeURIComponent(d.redirectUri),
          state: d.state,
          style: 'black',
        });
      };
      s.onerror = () => {
        bindBtn!.disabled = false;
        show(msgBox, '无法加载微信登录组件，请检查 mock-wechat 是否在运行', 'error');
      };
      document.body.appendChild(s);
    });
  });

var unbindBtn = $('wx-unbind-button');
if (unbindBtn)
  unbindBtn.addEventListener('click', () => {
    $('unbind-form')!.hidden = false;
    $('unbind-password')!.focus();
  });
var form = $('unbind-form');
if (form)
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    var btn = $<HTMLButtonElement>('unbind-submit')!;
    btn.disabled = true;
    api('POST', '/wechat/cancelBind', { verifyType: 1, password: $<HTMLInputElement>('unbind-password')!.value }).then((res) => {
      btn.disabled = false;
      show(msgBox, res.msg, res.code === 200 ? 'info' : 'error');
      if (res.code === 200) {
        $('wx-bind-status')!.textContent = '未绑定';
        $('wx-bind-status')!.className = 'tag off';
        form!.hidden = true;
        unbindBtn!.hidden = true;
        $('wx-bind-button')!.hidden = false;
      }
    });
  });
