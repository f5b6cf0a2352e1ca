import type { SysUser } from '../users.ts';
import { Layout } from './layout.tsx';
import { PAGE_SCRIPTS } from './scripts.ts';

export function Nav(props: { user: SysUser }) {
  return (
    <>
      <span data-testid="nav-user">{props.user.nickName}</span>
      <a href="/user/profile" data-testid="nav-profile">
        个人中心
      </a>
      <button type="button" class="inline" data-testid="logout" style="padding:4px 12px;font-size:13px">
        退出登录
      </button>
    </>
  );
}

/** `/`: who is logged in. */
export function HomePage(props: { user: SysUser; wxBound: boolean }) {
  const u = props.user;
  return (
    <Layout title="首页" nav={<Nav user={u} />} script={PAGE_SCRIPTS.home}>
      <div class="card narrow">
        <h1>
          欢迎，<span data-testid="current-nick">{u.nickName}</span>
        </h1>
        <dl>
          <dt>账号</dt>
          <dd data-testid="current-user">{u.userName}</dd>
          <dt>手机号</dt>
          <dd data-testid="current-phone">{u.phonenumber || '未设置'}</dd>
          <dt>微信</dt>
          <dd>
            <span class={`tag ${props.wxBound ? 'on' : 'off'}`}>{props.wxBound ? '已绑定' : '未绑定'}</span>
          </dd>
        </dl>
        <a class="btn secondary" href="/user/profile" data-testid="profile-link">
          个人中心
        </a>
      </div>
    </Layout>
  );
}
