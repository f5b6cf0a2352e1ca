import { Panel } from './panel.tsx';
/** Personas: the WeChat users of the sandbox, with every openid and unionid they have. */
export function PersonasPanel() {
  return (
    <Panel
      name="personas"
      title="用户"
      intro="模拟的微信用户。openid 按应用、unionid 按开放平台账号并排列出；同色圆点表示同一个 unionid，颜色不同就是 unionid 不一致。"
    >
      <div class="toolbar">
        <button class="btn primary" type="button" data-testid="persona-new">
          新建用户
        </button>
        <span class="count" data-testid="persona-count"></span>
      </div>
      <div class="panel-error" data-testid="personas-error" role="alert"></div>
      <div class="scroll" data-testid="persona-list"></div>
    </Panel>
  );
}
