/**
 * The login page's behaviour, modelled on FastBee's login.vue created(): ?loginId=, ?bindId=, ?errorId=.
 * Its script tag says whether the captcha is on (data-captcha-enabled, pages/login.tsx).
 */
import { $, api, hide, localPath, pageData, setToken, show, type Ajax } from './common.ts';
import { showLoginError } from './wechat-error-text.ts';

var params = new URLSearchParams(location.search);
var target = localPath(params.get('redirect'));
var errorBox = $('error-message');
var captchaUuid = '';
var captchaEnabled = pageData().captchaEnabled === 'true';

function fail(res: Ajax) {
  show(errorBox, res?.msg ? res.msg : '操作失败', 'error');
  refreshCaptcha();
}
function enter(token: string) {
  setToken(token);
  location.replace(target);
}
function captchaAnswer() {
  var el = $<HTMLInputElement>('login-captcha') || $<HTMLInputElement>('bind-captcha');
  var bind = $<HTMLInputElement>('bind-captcha');
  if (!$('bind-panel')!.hidden && bind) el = bind;
  return el ? el.value.trim() : '';
}
function refreshCaptcha() {
  if (!captchaEnabled) return;
  api('GET', '/captchaImage').then((res) => {
    if (res.code !== 200 || !res.captchaEnabled) return;
    captchaUuid = res.uuid!;
    ['captcha-image', 'bind-captcha-image'].forEach((id) => {
      var img = $<HTMLImageElement>(id);
      if (img) img.src = `data:image/png;base64,${res.img}`;
    });
  });
}
['captcha-image', 'bind-captcha-image'].forEach((id) => {
  var img = $(id);
  if (img) img.addEventListener('click', refreshCaptcha);
});
function busy(btn: HTMLButtonElement | null, on: boolean) {
  if (btn) btn.disabled = on;
}

/**
 * A form that signs in with a password and the captcha: on submit it POSTs `fields()` with the
 * captcha answer to `path`, and enters with the token of the answer or shows its message.
 */
function passwordForm(formId: string, submitId: string, path: string, fields: () => Record<string, unknown>) {
  $(formId)!.addEventListener('submit', (e) => {
    e.preventDefault();
    var btn = $<HTMLButtonElement>(submitId);
    busy(btn, true);
    hide(errorBox);
    api('POST', path, { ...fields(), code: captchaAnswer(), uuid: captchaUuid }).then((res) => {
      busy(btn, false);
      if (res.code === 200 && res.token) enter(res.token);
      else fail(res);
    });
  });
}

// Tabs
function tab(which: 'password' | 'sms') {
  $('tab-password')!.className = which === 'password' ? 'active' : '';
  $('tab-sms')!.className = which === 'sms' ? 'active' : '';
  $('password-form')!.hidden = which !== 'password';
  $('sms-form')!.hidden = which !== 'sms';
  hide(errorBox);
}
$('tab-password')!.addEventListener('click', () => {
  tab('password');
});
$('tab-sms')!.addEventListener('click', () => {
  tab('sms');
});

// Account + password
passwordForm('password-form', 'login-submit', '/login', () => ({
  username: $<HTMLInputElement>('login-username')!.value.trim(),
  password: $<HTMLInputElement>('login-password')!.value,
}));

// SMS
var countdown = 0;
$('sms-send')!.addEventListener('click', () => {
  if (countdown > 0) return;
  var btn = $<HTMLButtonElement>('sms-send')!;
  busy(btn, true);
  hide(errorBox);
  api('GET', `/notify/smsLoginCaptcha?phoneNumber=${encodeURIComponent($<HTMLInputElement>('sms-phone')!.value.trim())}`).then((res) => {
    if (res.code !== 200) {
      busy(btn, false);
      fail(res);
      return;
    }
    show(errorBox, '验证码已发送，5 分钟内有效', 'info');
    countdown = 60;
    var tick = setInterval(() => {
      countdown -= 1;
      btn.textContent = countdown > 0 ? `${countdown} 秒后重发` : '获取验证码';
      if (countdown <= 0) {
        clearInterval(tick);
        busy(btn, false);
      }
    }, 1000);
    btn.textContent = '60 秒后重发';
  });
});
$('sms-form')!.addEventListener('submit', (e) => {
  e.preventDefault();
  var btn = $<HTMLButtonElement>('sms-submit');
  busy(btn, true);
  api<string>('POST', '/auth/sms/login', {
    phonenumber: $<HTMLInputElement>('sms-phone')!.value.trim(),
    smsCode: $<HTMLInputElement>('sms-code')!.value.trim(),
  })
    // The SMS login answers with the token in data (FastBee's shape).
    .then((res) => {
      busy(btn, false);
      if (res.code === 200 && res.data) enter(res.data);
      else fail(res);
    });
});

// Bind panel
var bindId = params.get('bindId');
passwordForm('bind-existing-form', 'bind-existing-submit', '/auth/bind/login', () => ({
  username: $<HTMLInputElement>('bind-existing-username')!.value.trim(),
  password: $<HTMLInputElement>('bind-existing-password')!.value,
  bindId: bindId,
}));
passwordForm('bind-register-form', 'bind-register-submit', '/auth/bind/register', () => ({
  username: $<HTMLInputElement>('bind-register-username')!.value.trim(),
  password: $<HTMLInputElement>('bind-register-password')!.value,
  phonenumber: $<HTMLInputElement>('bind-register-phone')!.value.trim(),
  bindId: bindId,
}));

function showLogin() {
  $('login-pending')!.hidden = true;
  $('bind-panel')!.hidden = true;
  $('login-card')!.hidden = false;
}

var loginId = params.get('loginId');
var errorId = params.get('errorId');
if (loginId) {
  api('GET', `/auth/login/${encodeURIComponent(loginId)}`).then((res) => {
    if (res.code === 200 && res.token) {
      enter(res.token);
      return;
    }
    showLogin();
    show(errorBox, res.code === 502 ? '登录信息已失效，请重新扫码登录' : res.msg || '登录失败', 'error');
  });
} else if (bindId) {
  // FastBee's checkBindId quirk: a live bindId comes back in msg and without bindAccount.
  api('GET', `/auth/checkBindId/${encodeURIComponent(bindId)}`).then((res) => {
    if (res.code === 200 && res.bindAccount !== false) {
      $('bind-panel')!.hidden = false;
      $('login-card')!.hidden = true;
      refreshCaptcha();
      return;
    }
    showLogin();
    show(errorBox, '绑定信息已失效，请重新使用微信登录', 'error');
    refreshCaptcha();
  });
} else {
  refreshCaptcha();
}
if (errorId) {
  // getErrorMsg answers a stored message as code 500 (FastBee shows it as an error toast).
  api('GET', `/auth/getErrorMsg/${encodeURIComponent(errorId)}`).then((res) => {
    if (res.msg) showLoginError(errorBox!, res.msg);
    else show(errorBox, '登录失败，错误信息已过期，请重试', 'error');
  });
}
