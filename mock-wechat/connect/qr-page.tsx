import type { Persona } from '../world/types.ts';
import { PAGE_FONTS } from '../../core/fonts.ts';
import { scriptJson } from '../../core/html.ts';
import { Page } from './layout.tsx';
import { QR_PAGE_SCRIPT } from './scripts.ts';
import type { QrconnectRequest } from './validate.ts';

// Class names follow WeChat's page (.impowerBox .qrcode/.title/.info/.status, .status_icon) so a
// site's wxLogin.js `href` CSS styles this page as it styles the real one.
const CSS = `
html, body { margin: 0; font-family: ${PAGE_FONTS}; }
body.standalone { background: #333; color: #fff; min-height: 100vh; }
body.embedded { background: transparent; color: #000; }
body.embedded.white { color: #fff; }
.impowerBox { text-align: center; padding: 50px 0 16px; }
body.embedded .impowerBox { padding: 10px 0 6px; }
.impowerBox .title { font-size: 20px; margin: 0 0 16px; font-weight: 400; }
body.embedded .impowerBox .title { font-size: 16px; margin-bottom: 8px; }
.impowerBox .qrcode { width: 280px; height: 280px; border: 1px solid #e2e2e2; background: #fff; display: block; margin: 0 auto; }
body.embedded .impowerBox .qrcode { width: 170px; height: 170px; }
body.embedded .impowerBox .info { margin-top: 6px; }
.impowerBox[data-status=scanned] .qrcode, .impowerBox[data-status=confirmed] .qrcode,
.impowerBox[data-status=cancelled] .qrcode, .impowerBox[data-status=expired] .qrcode { opacity: .15; }
.impowerBox .info { width: 280px; margin: 12px auto 0; }
.impowerBox .status { display: flex; align-items: center; justify-content: center; gap: 10px; padding: 6px 0; }
.status_icon { width: 28px; height: 28px; border-radius: 50%; flex: none; display: none; color: #fff; font: 700 18px/28px Arial, sans-serif; }
.impowerBox[data-status=scanned] .status_icon, .impowerBox[data-status=confirmed] .status_icon { display: block; background: #07c160; }
.impowerBox[data-status=cancelled] .status_icon, .impowerBox[data-status=expired] .status_icon { display: block; background: #f76260; }
.impowerBox[data-status=scanned] .status_icon::after, .impowerBox[data-status=confirmed] .status_icon::after { content: "✓"; }
.impowerBox[data-status=cancelled] .status_icon::after, .impowerBox[data-status=expired] .status_icon::after { content: "!"; }
.impowerBox[data-status=waiting] .status_txt { text-align: center; }
.status_txt { margin: 0; font-size: 14px; text-align: left; }
.status_txt p { margin: 0; }
.status_sub { font-size: 12px; opacity: .75; margin-top: 2px; }
.refresh { display: inline-block; margin-top: 6px; color: #07c160; font-size: 14px; }
.refresh[hidden] { display: none; }

.dev-panel { box-sizing: border-box; max-width: 420px; margin: 28px auto 24px; padding: 12px 14px; border: 2px dashed #f0ad4e;
  border-radius: 6px; background: #fffbe6; color: #4a3b00; font-size: 13px; text-align: left; }
body.embedded .dev-panel { margin: 6px 4px 0; padding: 6px 8px; font-size: 12px; }
.dev-panel .short { display: none; }
body.embedded .dev-panel .short { display: inline; }
.dev-panel header { font-weight: 700; display: flex; align-items: center; gap: 6px; }
.dev-panel .badge { background: #f0ad4e; color: #fff; border-radius: 3px; padding: 0 5px; font-size: 11px; letter-spacing: .5px; }
.dev-panel p { margin: 6px 0; }
.dev-panel a { color: #8a5a00; word-break: break-all; }
.dev-panel select { width: 100%; margin: 4px 0 6px; font-size: 13px; padding: 3px; }
.dev-panel .actions { display: flex; gap: 6px; }
.dev-panel button { flex: 1; font-size: 13px; padding: 4px 0; border-radius: 4px; border: 1px solid #c9a23a; background: #fff; cursor: pointer; }
.dev-panel button.primary { background: #07c160; border-color: #07c160; color: #fff; }
body.embedded .dev-panel .hint, body.embedded .dev-panel .long { display: none; }
body.embedded .dev-panel select { margin: 3px 0 4px; font-size: 12px; }
body.embedded .dev-panel button { font-size: 12px; padding: 2px 0; }

.dev-message { color: #8a5a00; }
.dev-message:empty { display: none; }
`;

export interface QrPageProps {
  req: QrconnectRequest;
  uuid: string;
  confirmUrl: string;
  personas: Persona[];
  refusal: 'redirect' | 'none';
}

function DevPanel(props: { personas: Persona[]; confirmUrl: string }) {
  const none = props.personas.length === 0;
  return (
    <section class="dev-panel" data-testid="dev-panel" aria-label="wxmock 沙箱开发面板">
      <header>
        <span class="badge">沙箱</span>
        <span>
          wxmock 开发面板<span class="long">（模拟器功能，非微信页面）</span>
          <span class="short">（非微信）</span>
        </span>
      </header>
      <p class="hint">
        不用手机也能登录：选择模拟用户后点“确认登录”。手机扫码或打开此链接可在手机上确认：
        <br />
        <a data-testid="dev-confirm-url" href={props.confirmUrl} target="_blank" rel="noopener">
          {props.confirmUrl}
        </a>
      </p>
      <select data-testid="dev-persona" aria-label="模拟用户" disabled={none}>
        {none ? <option value="">（没有模拟用户）</option> : props.personas.map((p) => <option value={p.id}>{`${p.nickname}（${p.id}）`}</option>)}
      </select>
      <div class="actions">
        <button type="button" data-testid="dev-scan" disabled={none}>
          模拟扫码
        </button>
        <button type="button" class="primary" data-testid="dev-confirm" disabled={none}>
          确认登录
        </button>
        <button type="button" data-testid="dev-cancel">
          取消登录
        </button>
      </div>
      <p class="dev-message" data-testid="dev-message"></p>
    </section>
  );
}

/** The qrconnect page: WeChat's QR box, then the sandbox's dev panel, clearly apart. */
export function QrPage(props: QrPageProps) {
  const { req } = props;
  const config = {
    uuid: props.uuid,
    appName: req.app.name,
    redirectUri: req.redirectUri,
    state: req.state,
    refusal: props.refusal,
    embedded: req.embedded,
    selfRedirect: req.selfRedirect,
    pollUrl: '/connect/l/qrconnect',
    confirmPath: '/connect/confirm',
  };
  const bodyClass = req.embedded ? `embedded ${req.style}` : 'standalone';
  return (
    <Page title="微信登录" css={CSS} bodyClass={bodyClass} head={req.href ? <link rel="stylesheet" href={req.href} /> : undefined}>
      <div class="main impowerBox" data-status="waiting">
        <div class="loginPanel normalPanel">
          <div class="title">微信登录</div>
          <div class="waiting panelContent">
            <div class="wrp_code">
              <img class="qrcode lightBorder" data-testid="qr-image" alt="二维码" src={`/connect/qrcode/${props.uuid}`} />
            </div>
            <div class="info">
              <div class="status" id="wx_default_tip">
                <i class="status_icon"></i>
                <div class="status_txt">
                  <p data-testid="qr-status" data-status="waiting">
                    请使用微信扫描二维码登录
                  </p>
                  <p class="status_sub" data-testid="qr-status-detail">{`“${req.app.name}”`}</p>
                </div>
              </div>
              {/* biome-ignore lint/a11y/useValidAnchor: href="" reloads the page, which is a new QR code, where the script has not run */}
              <a class="refresh" data-testid="qr-refresh" href="" hidden>
                刷新二维码
              </a>
            </div>
          </div>
        </div>
      </div>
      <DevPanel personas={props.personas} confirmUrl={props.confirmUrl} />
      <script type="application/json" id="wx-config" dangerouslySetInnerHTML={{ __html: scriptJson(config) }} />
      <script src={QR_PAGE_SCRIPT.path}></script>
    </Page>
  );
}
