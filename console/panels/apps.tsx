import { ItemList, Panel } from './panel.tsx';

const INTRO = '网站应用、移动应用、小程序：appid 与 secret（点击显示）、授权回调域、基座、手机号快速验证的额度与计费。';

/** Apps and Open Platform accounts: appid/secret, callback domain, base, phone-number quota and billing. */
export function AppsPanel() {
  return (
    <Panel name="apps" title="应用与开放平台账号" intro={INTRO}>
      <ItemList panel="apps" item="app" newLabel="新建应用" />
      <div class="toolbar" style="margin-top: 22px">
        <h3 style="margin: 0; font-size: 15px">开放平台账号（unionid 命名空间）</h3>
        <button class="btn" type="button" data-testid="account-new">
          新建账号
        </button>
      </div>
      <div data-testid="account-list"></div>
    </Panel>
  );
}
