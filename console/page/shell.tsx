import type { ClientScript } from '../../core/client-scripts.ts';
import { htmlDocument, scriptJson } from '../../core/html.ts';
import { AppsPanel } from '../panels/apps.tsx';
import { InboxPanel } from '../panels/inbox.tsx';
import { JournalPanel } from '../panels/journal.tsx';
import { PersonasPanel } from '../panels/personas.tsx';
import { QrPanel } from '../panels/qr.tsx';
import { SystemPanel } from '../panels/system.tsx';
import { CONSOLE_CSS } from './styles.ts';

/** The panels in tab order: hash name, tab label. */
const PANELS: [string, string][] = [
  ['personas', '用户'],
  ['apps', '应用与账号'],
  ['qr', '扫码登录'],
  ['journal', '请求日志'],
  ['sms', '短信收件箱'],
  ['system', '故障与时钟'],
];

/** The page's script: every panel's browser code (console/client/, docs/architecture.md "Browser code"), served by app.ts. */
export const CONSOLE_SCRIPT = { path: '/assets/console.js', source: 'console/client/main.ts' } satisfies ClientScript;

export interface ShellProps {
  wechatUrl: string;
  smsUrl: string;
  pollMs: number;
}

function MockPill(props: { name: string; label: string; url: string }) {
  return (
    <span class="mock-pill" data-testid={`mock-status-${props.name}`} data-ok="unknown" title={props.url}>
      <span class="dot"></span>
      <strong>{props.label}</strong>
      <span class="clock mono"></span>
      <span class="offset"></span>
    </span>
  );
}

/** The document around every console page: head, styles and the top bar (with `topbar` on its right). */
function Layout(props: { topbar?: unknown; children?: unknown }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>wxmock 控制台</title>
        <style dangerouslySetInnerHTML={{ __html: CONSOLE_CSS }} />
      </head>
      <body>
        <header class="topbar">
          <div class="brand">
            wxmock 控制台 <span class="badge">沙箱</span>
          </div>
          {props.topbar}
        </header>
        {props.children}
      </body>
    </html>
  );
}

/** The whole console: one page, every panel in it, the client script switching between them by #hash. */
function ConsoleShell(props: ShellProps) {
  const config = { wechatUrl: props.wechatUrl, smsUrl: props.smsUrl, pollMs: props.pollMs, panels: PANELS.map((p) => p[0]) };
  return (
    <Layout
      topbar={
        <div class="mocks">
          <MockPill name="wechat" label="微信" url={props.wechatUrl} />
          <MockPill name="sms" label="短信" url={props.smsUrl} />
        </div>
      }
    >
      <nav class="tabs" data-testid="nav">
        {PANELS.map(([name, label]) => (
          <a href={`#${name}`} data-testid={`nav-${name}`}>
            {label}
          </a>
        ))}
        {/* Outcomes of buttons show here, in the bar that stays on top: never over the panel's content. */}
        <div class="toast" data-testid="console-message" role="status" aria-live="polite" hidden></div>
      </nav>
      <main>
        <PersonasPanel />
        <AppsPanel />
        <QrPanel />
        <JournalPanel />
        <InboxPanel />
        <SystemPanel />
      </main>
      <dialog class="form" data-testid="form-dialog"></dialog>
      <script type="application/json" id="console-config" dangerouslySetInnerHTML={{ __html: scriptJson(config) }} />
      <script src={CONSOLE_SCRIPT.path}></script>
    </Layout>
  );
}

/** Asks for the control token when the sandbox has one (it then listens beyond loopback). */
function SignInPage(props: { failed: boolean }) {
  return (
    <Layout>
      <main>
        <form class="card" method="post" action="/sign-in" style="max-width: 460px; margin: 40px auto" data-testid="sign-in">
          <h3>需要控制令牌</h3>
          <p class="sub">这个沙箱以 --control-token 启动。输入同一个令牌以使用控制台。</p>
          <div class="row">
            <input type="password" name="token" data-testid="sign-in-token" autofocus style="flex: 1" aria-label="控制令牌" />
            <button class="btn primary" type="submit" data-testid="sign-in-submit">
              进入
            </button>
          </div>
          {props.failed ? (
            <p class="form-error" data-testid="sign-in-error">
              令牌不对。
            </p>
          ) : null}
        </form>
      </main>
    </Layout>
  );
}

export function renderConsole(props: ShellProps): string {
  return htmlDocument(<ConsoleShell {...props} />);
}

export function renderSignIn(failed: boolean): string {
  return htmlDocument(<SignInPage failed={failed} />);
}
