import type { App, Persona } from '../world/types.ts';
import { AllowDeny, Page, PersonaOptions, ScopeNote, SHEET_CSS } from './layout.tsx';

const CSS = `${SHEET_CSS}
.sheet { box-sizing: border-box; max-width: 420px; min-height: 100vh; margin: 0 auto; padding: 48px 24px 24px; background: #fff; display: flex; flex-direction: column; }
.lead { text-align: center; color: #555; margin: 0 0 28px; font-size: 15px; }
.scope { border-top: 1px solid #eee; border-bottom: 1px solid #eee; padding: 14px 0; font-size: 14px; color: #353535; }
label { display: block; margin: 22px 0 6px; font-size: 14px; color: #555; }
select { width: 100%; font-size: 16px; padding: 10px; border: 1px solid #d9d9d9; border-radius: 6px; background: #fff; }
.buttons { margin-top: auto; padding-top: 32px; display: flex; flex-direction: column; gap: 12px; }
button { width: 100%; font-size: 17px; padding: 12px 0; border-radius: 8px; border: 0; font-weight: 500; font-family: inherit; }
.result { text-align: center; padding-top: 40px; }
.result .mark { width: 72px; height: 72px; margin: 0 auto 20px; border-radius: 50%; color: #fff; font: 700 40px/72px Arial, sans-serif; }
.result .mark.ok { background: #07c160; }
.result .mark.no { background: #b2b2b2; }
.result .mark.err { background: #f76260; }
.result p { color: #888; font-size: 15px; }
`;

const Footer = () => <footer>wxmock 沙箱 · 模拟的微信授权确认页</footer>;

/** What the phone shows after scanning: the app asks to log in; pick who you are, 允许 or 拒绝. */
export function ConfirmPage(props: { uuid: string; app: App | undefined; appid: string; personas: Persona[]; selected: string | null }) {
  const name = props.app?.name ?? props.appid;
  return (
    <Page title="微信登录确认" css={CSS}>
      <main class="sheet">
        <div class="app-icon" aria-hidden="true">
          {[...name][0] ?? '网'}
        </div>
        <h1 data-testid="confirm-app">{name}</h1>
        <p class="lead">申请使用你的微信帐号登录</p>
        <ScopeNote what="昵称、头像、地区及性别" />
        <form method="post" action="/connect/confirm">
          <input type="hidden" name="uuid" value={props.uuid} />
          <label for="persona">登录身份（沙箱模拟用户）</label>
          <select id="persona" name="persona" data-testid="confirm-persona">
            <PersonaOptions personas={props.personas} selected={props.selected} />
          </select>
          <AllowDeny testid="confirm" />
        </form>
        <Footer />
      </main>
    </Page>
  );
}

export type ConfirmOutcome = 'allowed' | 'denied' | 'scanned' | 'confirmed' | 'cancelled' | 'expired' | 'unknown' | 'error';

const OUTCOMES: Record<ConfirmOutcome, { mark: 'ok' | 'no' | 'err'; title: string; text: string }> = {
  allowed: { mark: 'ok', title: '已允许登录', text: '请在电脑上继续操作' },
  denied: { mark: 'no', title: '已拒绝登录', text: '你可以关闭此页面' },
  scanned: { mark: 'ok', title: '扫描成功', text: '请在此页面确认登录' },
  confirmed: { mark: 'ok', title: '此二维码已确认登录', text: '无需再次操作' },
  cancelled: { mark: 'no', title: '此次登录已取消', text: '请在电脑上刷新二维码后重新扫描' },
  expired: { mark: 'err', title: '二维码已失效', text: '请在电脑上刷新二维码后重新扫描' },
  unknown: { mark: 'err', title: '二维码已失效', text: '未找到此二维码，请在电脑上刷新后重新扫描' },
  error: { mark: 'err', title: '操作失败', text: '' },
};

/** The page after 允许/拒绝, or instead of the prompt when the QR code is no longer usable. */
export function ConfirmResultPage(props: { outcome: ConfirmOutcome; message?: string }) {
  const o = OUTCOMES[props.outcome];
  return (
    <Page title="微信登录确认" css={CSS}>
      <main class="sheet">
        <div class="result">
          <div class={`mark ${o.mark}`} aria-hidden="true">
            {o.mark === 'ok' ? '✓' : o.mark === 'no' ? '×' : '!'}
          </div>
          <h1 data-testid="confirm-result" data-result={props.outcome}>
            {o.title}
          </h1>
          <p>{props.message ?? o.text}</p>
        </div>
        <Footer />
      </main>
    </Page>
  );
}
