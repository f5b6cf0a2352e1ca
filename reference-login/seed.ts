import type { Db } from '../core/db.ts';
import { putSetting } from '../core/db.ts';
import { defaultApps } from '../mock-wechat/world/default-world.ts';
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

/** Keys the default mock-sms world accepts (see mock-sms); the login system signs its sends with them. */
const SEED_SMS = {
  aliyun: { accessKeyId: 'LTAI5tWxmockAliyun00001', accessKeySecret: 'wxmockAliyunSecret0000000000001', signature: 'wxmock', templateId: 'SMS_460000001', content: '您的验证码为：${code}，5分钟内有效，请勿泄露于他人！' },
  tencent: { accessKeyId: 'AKIDwxmockTencent0000000000000000001', accessKeySecret: 'wxmockTencentSecretKey0000000001', signature: 'wxmock', sdkAppId: '1400000001', templateId: '1000001', content: '您的验证码为：{1}，5分钟内有效，请勿泄露于他人！' },
} as const;

function app(key: string) {
  const a = defaultApps.find((x) => x.key === key);
  if (!a) throw new Error(`default mock world has no app ${key}`);
  return a;
}

/**
 * URIs starting with "/" are stored relative: the login system resolves them against its own
 * public origin per request, because the origin is known only once it listens (port 0 in tests).
 */
const LOGIN_URIS = { bindUri: '/login?bindId=', redirectLoginUri: '/login?loginId=', errorMsgUri: '/login?errorId=' };

function seedPlatforms(): (PlatformInput & { platform: string })[] {
  const web = app('web');
  const bind = app('web-bind');
  const mobile = app('mobile');
  const mini = app('mini');
  return [
    { platform: 'wechat_open_web', status: '0', clientId: web.appid, secretKey: web.secret, redirectUri: '/auth/callback/wechat_open_web', ...LOGIN_URIS, remark: 'mock-wechat app "web"' },
    {
      platform: 'wechat_open_web_bind', status: '0', clientId: bind.appid, secretKey: bind.secret, redirectUri: '/wechat/wxBind/callback?wxBindId=',
      bindUri: LOGIN_URIS.bindUri, redirectLoginUri: '/user/profile?wxBindMsgId=', errorMsgUri: LOGIN_URIS.errorMsgUri, remark: 'mock-wechat app "web-bind"',
    },
    { platform: 'wechat_open_mobile', status: '0', clientId: mobile.appid, secretKey: mobile.secret, redirectUri: '', ...LOGIN_URIS, remark: 'mock-wechat app "mobile"' },
    { platform: 'wechat_open_mini_program', status: '0', clientId: mini.appid, secretKey: mini.secret, redirectUri: '', ...LOGIN_URIS, remark: 'mock-wechat app "mini"' },
  ];
}

/** Fills a fresh database: admin account, the four WeChat platforms, SMS channels and captcha templates, sys_config. */
export function seed(db: Db, now: number): void {
  db.transaction(() => {
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
  })();
}

export function isSeeded(db: Db): boolean {
  return db.prepare('SELECT 1 FROM sys_user LIMIT 1').get() !== undefined;
}
