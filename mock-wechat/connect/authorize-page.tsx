import type { Child } from 'hono/jsx';
import type { Persona } from '../world/types.ts';
import { AUTHORIZE_PAGE_SCRIPT } from './scripts.ts';
import { AllowDeny, Page, PersonaOptions, ScopeNote, SHEET_CSS } from './layout.tsx';
import type { AuthorizeRequest } from './validate.ts';
import { IN_WECHAT_COOKIE } from './wechat-browser.ts';

// WeChat's in-app pages: a white sheet on grey, the green primary button; the sandbox's dev panel
// sits apart in a dashed yellow box, as on the QR page.
const CSS = `${SHEET_CSS}
.sheet { box-sizing: border-box; max-width: 420px; min-height: 100vh; margin: 0 auto; padding: 40px 24px 24px; background: #fff; display: flex; flex-direction: column; }
.lead { text-align: center; color: #555; margin: 0 0 24px; font-size: 15px; }
.scope { border-top: 1px solid #eee; border-bottom: 1px solid #eee; padding: 14px 0; font-size: 14px; }
.buttons { padding-top: 28px; display: flex; flex-direction: column; gap: 12px; }
.buttons button { width: 100%; font-size: 17px; padding: 12px 0; border-radius: 8px; border: 0; font-weight: 500; font-family: inherit; }
.msg { text-align: center; padding-top: 60px; }
.msg .mark { width: 72px; height: 72px; margin: 0 auto 20px; border-radius: 50%; color: #fff; font: 700 40px/72px Arial, sans-serif; background: #10aeff; }
.msg .mark.no { background: #b2b2b2; }
.msg .mark.err { background: #f76260; }
.msg h1 { font-weight: 400; }
.msg p { color: #888; font-size: 15px; }
.dev-panel { margin-top: 28px; padding: 12px 14px; border: 2px dashed #f0ad4e; border-radius: 6px; background: #fffbe6; color: #4a3b00; font-size: 13px; }
.dev-panel header { font-weight: 700; display: flex; align-items: center; gap: 6px; }
.dev-panel .badge { background: #f0ad4e; color: #fff; border-radius: 3px; padding: 0 5px; font-size: 11px; }
.dev-panel p { margin: 6px 0; }
.dev-panel select { width: 100%; margin: 4px 0 6px; font-size: 14px; padding: 4px; }
.dev-panel .actions { display: flex; gap: 6px; }
.dev-panel .actions button { flex: 1; font-size: 13px; padding: 5px 0; border-radius: 4px; border: 1px solid #c9a23a; background: #fff; cursor: pointer; }
.dev-panel .actions button.primary { background: #07c160; border-color: #07c160; color: #fff; }
`;

const Footer = () => <footer>wxmock 沙箱 · 模拟的微信网页授权</footer>;

/** The sandbox's own panel under WeChat's sheet: who the browser's WeChat user is, and the buttons that answer as them. */
function DevPanel(props: { children?: Child }) {
  return (
    <section class="dev-panel" data-testid="dev-panel" aria-label="wxmock 沙箱开发面板">
      <header>
        <span class="badge">沙箱</span>
        <span>wxmock 开发面板（模拟器功能，非微信页面）</span>
      </header>
      {props.children}
    </section>
  );
}

/** The dev panel's buttons: answer as the persona chosen above (posts action=allow), and any others after it. */
function DevAllow(props: { label: string; children?: Child }) {
  return (
    <div class="actions">
      <button type="submit" class="primary" name="action" value="allow" data-testid="dev-confirm">
        {props.label}
      </button>
      {props.children}
    </div>
  );
}

/** The authorize parameters, carried to the POST that answers the page. */
function Hidden(props: { req: AuthorizeRequest }) {
  const { req } = props;
  return (
    <>
      <input type="hidden" name="appid" value={req.app.appid} />
      <input type="hidden" name="redirect_uri" value={req.redirectUri} />
      <input type="hidden" name="response_type" value="code" />
      <input type="hidden" name="scope" value={req.scope} />
      <input type="hidden" name="state" value={req.state} />
    </>
  );
}

function PersonaSelect(props: { personas: Persona[]; selected: string | undefined }) {
  return (
    <select name="persona" data-testid="dev-persona" aria-label="模拟用户">
      <PersonaOptions personas={props.personas} selected={props.selected} />
    </select>
  );
}

/**
 * snsapi_userinfo: WeChat's consent sheet (允许 / 拒绝) for the app; the dev panel says who the
 * browser's WeChat user is. Every button posts the same form.
 */
export function ConsentPage(props: { req: AuthorizeRequest; personas: Persona[]; selected: string | undefined }) {
  const name = props.req.app.name;
  return (
    <Page title="微信网页授权" css={CSS}>
      <form class="sheet" method="post" action="/connect/oauth2/authorize" data-testid="oauth-consent" data-scope={props.req.scope}>
        <Hidden req={props.req} />
        <div class="app-icon" aria-hidden="true">
          {[...name][0] ?? '公'}
        </div>
        <h1 data-testid="oauth-app">{name}</h1>
        <p class="lead">申请获得以下权限</p>
        <ScopeNote what="昵称、头像" />
        <AllowDeny testid="oauth" />
        <DevPanel>
          <p>此浏览器里登录微信的模拟用户：</p>
          <PersonaSelect personas={props.personas} selected={props.selected} />
          <DevAllow label="以此身份允许">
            <button type="submit" name="action" value="deny" data-testid="dev-cancel">
              拒绝
            </button>
          </DevAllow>
        </DevPanel>
        <Footer />
      </form>
    </Page>
  );
}

/**
 * snsapi_base is silent: WeChat goes straight to redirect_uri for whoever is signed in. The
 * sandbox shows this only when it does not yet know who that is (no persona set for the browser).
 */
export function SilentPersonaPage(props: { req: AuthorizeRequest; personas: Persona[] }) {
  return (
    <Page title="微信网页授权" css={CSS}>
      <form class="sheet" method="post" action="/connect/oauth2/authorize" data-testid="oauth-silent">
        <Hidden req={props.req} />
        <DevPanel>
          <p>
            snsapi_base 是静默授权：真实微信不显示任何页面，直接跳转回“{props.req.app.name}”。沙箱还不知道此浏览器里登录微信的是谁，请选择一次（之后会记住）：
          </p>
          <PersonaSelect personas={props.personas} selected={undefined} />
          <DevAllow label="以此身份继续" />
        </DevPanel>
        <Footer />
      </form>
    </Page>
  );
}

/** What WeChat shows when the authorize link is opened outside its own browser, plus the sandbox's way on. */
export function OutsideWechatPage() {
  return (
    <Page title="微信网页授权" css={CSS}>
      <main class="sheet">
        <div class="msg" data-testid="oauth-outside-wechat">
          <div class="mark" aria-hidden="true">
            !
          </div>
          <h1>请在微信客户端打开链接</h1>
        </div>
        <DevPanel>
          <p>此浏览器的 User-Agent 不含 MicroMessenger，真实微信到此为止。沙箱可以让这个浏览器当作微信内置浏览器继续：</p>
          <div class="actions">
            <button type="button" class="primary" data-testid="dev-continue">
              在此浏览器中继续（模拟微信内打开）
            </button>
          </div>
        </DevPanel>
        <Footer />
      </main>
      <script src={AUTHORIZE_PAGE_SCRIPT.path} data-cookie={IN_WECHAT_COOKIE}></script>
    </Page>
  );
}

/** After 拒绝 when the refusal option keeps the browser here, or when the form was not usable. */
export function AuthorizeResultPage(props: { outcome: 'denied' | 'error'; message?: string }) {
  const denied = props.outcome === 'denied';
  return (
    <Page title="微信网页授权" css={CSS}>
      <main class="sheet">
        <div class="msg">
          <div class={`mark ${denied ? 'no' : 'err'}`} aria-hidden="true">
            {denied ? '×' : '!'}
          </div>
          <h1 data-testid="oauth-result" data-result={props.outcome}>
            {denied ? '你已拒绝授权' : '授权失败'}
          </h1>
          <p>{props.message ?? (denied ? '你可以关闭此页面' : '')}</p>
        </div>
        <Footer />
      </main>
    </Page>
  );
}
