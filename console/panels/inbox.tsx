import { Panel } from './panel.tsx';

/** The SMS inbox: what the phones received, by phone, with the code ready to copy. */
export function InboxPanel() {
  return (
    <Panel name="sms" title="短信收件箱" intro="阿里云与腾讯云短信网关收下的每条短信，按手机号分组；验证码可一键复制。">
      <div class="toolbar">
        <span class="count" data-testid="sms-count"></span>
        <span class="spacer"></span>
        <button class="btn danger" type="button" data-testid="sms-clear">
          清空
        </button>
      </div>
      <div class="panel-error" data-testid="sms-error" role="alert"></div>
      <div class="inbox">
        <div class="phones" data-testid="sms-phones"></div>
        <div class="messages" data-testid="sms-list"></div>
      </div>
    </Panel>
  );
}
