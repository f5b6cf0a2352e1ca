import { Panel } from './panel.tsx';

/** Live web-QR login sessions, and scan / confirm / cancel as a chosen persona. */
export function QrPanel() {
  return (
    <Panel name="qr" title="扫码登录会话" intro="每打开一次 /connect/qrconnect 就有一个会话。选一个用户，代替手机扫码并确认。">
      <div class="toolbar">
        <label>
          以此用户扫码 / 确认
          <select data-testid="qr-persona" aria-label="扫码用户"></select>
        </label>
        <label>
          <input type="checkbox" data-testid="qr-open-only" /> 只看等待中的
        </label>
        <span class="spacer"></span>
        <span class="count" data-testid="qr-count"></span>
      </div>
      <div class="panel-error" data-testid="qr-error" role="alert"></div>
      <div class="scroll" data-testid="qr-list"></div>
    </Panel>
  );
}
