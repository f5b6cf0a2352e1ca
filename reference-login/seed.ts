import { putSetting, stmt, write, type Db } from '../core/db.ts';
import { Notify } from './notify.ts';
import { Platforms, type PlatformInput } from './platforms.ts';
import { Users } from './users.ts';

/** FastBee's default administrator. */
export const SEED_ADMIN = { userName: 'admin', password: 'admin123', nickName: '管理员', phonenumber: '15888888888' } as const;

/**
 * SEED_ADMIN.password, hashed once (password.ts format): hashing it at every seed was a sixth of
 * `wxmock start --memory`'s cold start. The password is public (FastBee's default), so a fixed
 * salt gives nothing away; accounts created later get their own salts.
 */
export const SEED_ADMIN_HASH = 'scrypt$16384$8$1$zK1lZy6jp3ry4aXQjykdug==$Gk1CCk+2A2fGqOUbrn5I/VNTZBeM/tgVSo8DPAbtBi0=';

/**
 * The SMS channels this login system is configured with: keys, signature and template of each
 * provider, as FastBee keeps them in notify_channel / notify_template. They are what mock-sms's
 * default world accepts (seed.test.ts keeps the two equal).
 */
export const SEED_SMS = {
  aliyun: {
    accessKeyId: 'LTAI5tWxmockAliyun00001',
    accessKeySecret: 'wxmockAliyunSecret0000000000001',
    signature: 'wxmock',
    templateId: 'SMS_460000001',
    content: '您的验证码为：${code}，5分钟内有效，请勿泄露于他人！',
  },
  tencent: {
    accessKeyId: 'AKIDwxmockTencent0000000000000000001',
    accessKeySecret: 'wxmockTencentSecretKey0000000001',
    signature: 'wxmock',
    sdkAppId: '1400000001',
    templateId: '1000001',
    content: '您的验证码为：{1}，5分钟内有效，请勿泄露于他人！',
  },
} as const;

/**
 * The WeChat apps this login system is configured with, one per platform row, as a real login
 * system keeps the appids and secrets it was issued. They are mock-wechat's default apps `web`,
 * `web-bind`, `mobile` and `mini` (seed.test.ts keeps the two equal).
 */
export const SEED_WECHAT = {
  web: { appid: 'wx3a1c5e7f9b2d4680', secret: '6f1e2d3c4b5a69788796a5b4c3d2e1f0' },
  'web-bind': { appid: 'wx3a1c5e7f9b2d4681', secret: '7a2b3c4d5e6f708192a3b4c5d6e7f809' },
  mobile: { appid: 'wx3a1c5e7f9b2d4682', secret: '8b3c4d5e6f708192a3b4c5d6e7f8091a' },
  mini: { appid: 'wx3a1c5e7f9b2d4683', secret: '9c4d5e6f708192a3b4c5d6e7f8091a2b' },
} as const;

/**
 * URIs starting with "/" are stored relative: the login system resolves them against its own
 * public origin per request, because the origin is known only once it listens (port 0 in tests).
 */
const LOGIN_URIS = { bindUri: '/login?bindId=', redirectLoginUri: '/login?loginId=', errorMsgUri: '/login?errorId=' };

export function seedPlatforms(): (PlatformInput & { platform: string })[] {
  const { web, 'web-bind': bind, mobile, mini } = SEED_WECHAT;
  return [
    {
      platform: 'wechat_open_web',
      status: '0',
      clientId: web.appid,
      secretKey: web.secret,
      redirectUri: '/auth/callback/wechat_open_web',
      ...LOGIN_URIS,
      remark: 'mock-wechat app "web"',
    },
    {
      platform: 'wechat_open_web_bind',
      status: '0',
      clientId: bind.appid,
      secretKey: bind.secret,
      redirectUri: '/wechat/wxBind/callback?wxBindId=',
      bindUri: LOGIN_URIS.bindUri,
      redirectLoginUri: '/user/profile?wxBindMsgId=',
      errorMsgUri: LOGIN_URIS.errorMsgUri,
      remark: 'mock-wechat app "web-bind"',
    },
    {
      platform: 'wechat_open_mobile',
      status: '0',
      clientId: mobile.appid,
      secretKey: mobile.secret,
      redirectUri: '',
      ...LOGIN_URIS,
      remark: 'mock-wechat app "mobile"',
    },
    {
      platform: 'wechat_open_mini_program',
      status: '0',
      clientId: mini.appid,
      secretKey: mini.secret,
      redirectUri: '',
      ...LOGIN_URIS,
      remark: 'mock-wechat app "mini"',
    },
  ];
}

/** Fills a fresh database: admin account, the four WeChat platforms, SMS channels and captcha templates, sys_config. */
export function seed(db: Db, now: number): void {
  write(db, ['sys_user', 'iot_social_platform', 'notify_channel', 'notify_template', 'settings'], () => {
    new Users(db).insert({ ...SEED_ADMIN, passwordHash: SEED_ADMIN_HASH, roleKey: 'admin', createBy: 'admin' }, now);
    const platforms = new Platforms(db);
    for (const p of seedPlatforms()) platforms.insert(p, 'admin', now);
    const notify = new Notify(db);
    const { templateId: aliTpl, content: aliContent, ...aliConfig } = SEED_SMS.aliyun;
    const ali = notify.addChannel('阿里云短信 (mock-sms)', 'alibaba', { ...aliConfig, regionId: 'cn-hangzhou' });
    notify.addTemplate('登录验证码 (阿里云)', ali, 'alibaba', { templateId: aliTpl, content: aliContent }, true);
    const { templateId: tcTpl, content: tcContent, ...tcConfig } = SEED_SMS.tencent;
    const tc = notify.addChannel('腾讯云短信 (mock-sms)', 'tencent', { ...tcConfig, territory: 'ap-guangzhou', service: 'sms' });
    notify.addTemplate('登录验证码 (腾讯云)', tc, 'tencent', { templateId: tcTpl, content: tcContent }, false);
    putSetting(db, 'sys.account.registerUser', 'true');
    putSetting(db, 'sys.account.captchaEnabled', 'false');
  });
}

export function isSeeded(db: Db): boolean {
  return stmt(db, 'SELECT 1 FROM sys_user LIMIT 1').get() !== undefined;
}
