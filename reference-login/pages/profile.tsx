import type { SysUser } from '../users.ts';
import { Nav } from './home.tsx';
import { Layout } from './layout.tsx';
import { PAGE_SCRIPTS } from './scripts.ts';

/** Shown while an account made by a phone login still has its phone number as password (FastBee's behaviour, kept). */
export const PHONE_PASSWORD_NOTICE =
  '此账号由手机号登录（小程序手机号登录或短信登录）自动创建，登录密码与手机号相同，知道该手机号的人都能用密码登录。请尽快修改密码。';

export function ProfilePage(props: { user: SysUser; wxBound: boolean; phonePassword?: boolean; roleGroup: string; openBase: string }) {
  const u = props.user;
  return (
    <Layout title="个人中心" nav={<Nav user={u} />} script={PAGE_SCRIPTS.profile} scriptData={{ 'data-open-base': props.openBase }}>
      {props.phonePassword ? (
        <div class="msg error" data-testid="password-notice" role="alert">
          {PHONE_PASSWORD_NOTICE}
        </div>
      ) : null}
      <div class="msg info" data-testid="profile-message" role="status" hidden />
      <div class="card">
        <h1>个人中心</h1>
        <dl>
          <dt>账号</dt>
          <dd data-testid="profile-username">{u.userName}</dd>
          <dt>昵称</dt>
          <dd data-testid="profile-nick">{u.nickName}</dd>
          <dt>手机号</dt>
          <dd>{u.phonenumber || '未设置'}</dd>
          <dt>角色</dt>
          <dd>{props.roleGroup}</dd>
          <dt>微信绑定</dt>
          <dd>
            <span class={`tag ${props.wxBound ? 'on' : 'off'}`} data-testid="wx-bind-status">
              {props.wxBound ? '已绑定' : '未绑定'}
            </span>{' '}
            <button type="button" class="inline secondary" data-testid="wx-bind-button" hidden={props.wxBound} style="padding:4px 12px;font-size:13px">
              绑定微信
            </button>
            <button type="button" class="inline danger" data-testid="wx-unbind-button" hidden={!props.wxBound} style="padding:4px 12px;font-size:13px">
              解除绑定
            </button>
          </dd>
        </dl>
        <form data-testid="unbind-form" hidden style="max-width:360px">
          <label for="unbind-password">请输入登录密码以解除微信绑定</label>
          <input id="unbind-password" data-testid="unbind-password" type="password" autocomplete="current-password" placeholder="请输入您的密码" />
          <button type="submit" class="danger" data-testid="unbind-submit">
            确认解绑
          </button>
        </form>
        <div data-testid="wx-qr" hidden style="margin-top:16px">
          <p class="hint">请使用微信扫描二维码完成绑定</p>
          <div id="weixinLogin" />
        </div>
        <a class="btn secondary" href="/" style="max-width:200px">
          返回首页
        </a>
      </div>
    </Layout>
  );
}
