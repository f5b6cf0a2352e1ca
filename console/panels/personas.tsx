import { ItemList, Panel } from './panel.tsx';

const INTRO = '模拟的微信用户。openid 按应用、unionid 按开放平台账号并排列出；同色圆点表示同一个 unionid，颜色不同就是 unionid 不一致。';

/** Personas: the WeChat users of the sandbox, with every openid and unionid they have. */
export function PersonasPanel() {
  return (
    <Panel name="personas" title="用户" intro={INTRO}>
      <ItemList panel="personas" item="persona" newLabel="新建用户" />
    </Panel>
  );
}
