import { Layout } from './layout.tsx';
import { PAGE_SCRIPTS } from './scripts.ts';

export interface LoginPageProps {
  captchaEnabled: boolean;
  /** which panel the server already knows to show (the script confirms it) */
  mode: 'login' | 'bind' | 'loginId';
}

function Captcha(props: { input: string; image: string }) {
  return (
    <>
      <label for={props.input}>验证码</label>
      <div class="row">
        <input id={props.input} data-testid={props.input} autocomplete="off" placeholder="请输入验证码" />
        <img class="captcha-img" data-testid={props.image} alt="验证码" title="看不清？点击换一张" />
      </div>
    </>
  );
}

/** A labelled input whose id is also its data-testid; the other attributes go to the input as given. */
function Field(props: { id: string; label: string } & Record<string, string | number>) {
  const { id, label, ...input } = props;
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} data-testid={id} {...input} />
    </>
  );
}

/** /login: account/password and SMS tabs, WeChat QR login, and the bind panel for ?bindId= (like FastBee's login.vue). */
export function LoginPage(props: LoginPageProps) {
  const { captchaEnabled, mode } = props;
  return (
    <Layout title="登录" script={PAGE_SCRIPTS.login} scriptData={{ 'data-captcha-enabled': String(captchaEnabled) }}>
      <div class="card narrow" data-testid="login-pending" hidden={mode !== 'loginId'}>
        <h1>正在登录…</h1>
        <p class="hint">微信授权成功，正在进入系统。</p>
      </div>
      <div class="msg-slot">
        <div class="msg error" data-testid="error-message" role="alert" hidden />
      </div>

      <div class="card narrow" data-testid="login-card" hidden={mode !== 'login'}>
        <h1>登录</h1>
        <div class="tabs" role="tablist">
          <button type="button" class="active" data-testid="tab-password" role="tab">
            账号密码登录
          </button>
          <button type="button" data-testid="tab-sms" role="tab">
            短信验证码登录
          </button>
        </div>
        <form data-testid="password-form" autocomplete="on">
          <Field id="login-username" label="账号" name="username" autocomplete="username" placeholder="请输入您的账号" />
          <Field id="login-password" label="密码" name="password" type="password" autocomplete="current-password" placeholder="请输入您的密码" />
          {captchaEnabled ? <Captcha input="login-captcha" image="captcha-image" /> : null}
          <button type="submit" data-testid="login-submit">
            登录
          </button>
        </form>
        <form data-testid="sms-form" hidden>
          <label for="sms-phone">手机号</label>
          <div class="row">
            <input id="sms-phone" data-testid="sms-phone" inputmode="numeric" maxlength={11} placeholder="请输入手机号" />
            <button type="button" class="secondary inline" data-testid="sms-send">
              获取验证码
            </button>
          </div>
          <Field id="sms-code" label="短信验证码" inputmode="numeric" maxlength={6} autocomplete="one-time-code" placeholder="请输入6位验证码" />
          <button type="submit" data-testid="sms-submit">
            登录
          </button>
          <p class="hint">未注册的手机号验证后将自动创建账号。</p>
        </form>
        <div class="other-login">
          其他登录方式
          <a class="btn wechat-btn" data-testid="wechat-login" href="/auth/render/wechat_open_web">
            微信登录
          </a>
        </div>
      </div>

      <div data-testid="bind-panel" hidden={mode !== 'bind'}>
        <div class="card wide">
          <h1>绑定账号</h1>
          <p class="hint" style="margin-top:-10px">
            微信授权成功，但这个微信还没有绑定账号。如果你已经有账号，请登录绑定；没有账号可以注册一个新账号并绑定。
          </p>
          {captchaEnabled ? <Captcha input="bind-captcha" image="bind-captcha-image" /> : null}
          <div class="split">
            <form data-testid="bind-existing-form">
              <h2>绑定已有账号</h2>
              <Field id="bind-existing-username" label="账号" autocomplete="username" placeholder="请输入您的账号" />
              <Field id="bind-existing-password" label="密码" type="password" autocomplete="current-password" placeholder="请输入您的密码" />
              <button type="submit" data-testid="bind-existing-submit">
                绑定并登录
              </button>
            </form>
            <form data-testid="bind-register-form">
              <h2>注册新账号并绑定</h2>
              <Field id="bind-register-username" label="账号" autocomplete="username" placeholder="2 到 20 个字符" />
              <Field id="bind-register-password" label="密码" type="password" autocomplete="new-password" placeholder="5 到 20 个字符" />
              <Field id="bind-register-phone" label="手机号（选填）" inputmode="numeric" maxlength={11} placeholder="请输入您的手机号码" />
              <button type="submit" class="secondary" data-testid="bind-register-submit">
                注册并绑定
              </button>
            </form>
          </div>
          <a class="btn secondary" href="/login" data-testid="bind-cancel" style="max-width:200px">
            返回登录
          </a>
        </div>
      </div>
    </Layout>
  );
}
