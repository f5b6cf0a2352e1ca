import type { Account, App, Persona, WorldConfig } from './types.ts';

/** DCloud's HBuilder app: the appid behind every HBuilderX standard-base login. */
export const DCLOUD_APPID = 'wxd1c10dd0e7a0b5c1';
const DCLOUD_ACCOUNT = 'dcloud';

const builtinAccounts: Account[] = [
  { id: 'default', name: '开发者的开放平台账号' },
  { id: DCLOUD_ACCOUNT, name: 'DCloud（HBuilderX 标准基座）' },
];

const appDefaults = {
  account: 'default',
  callbackDomain: null,
  base: null,
  phoneFreeQuota: 1000,
  phonePrice: 0.03,
  phoneCallLimit: null,
  ipWhitelist: null,
} satisfies Partial<App>;

const dcloudApp: App = {
  ...appDefaults,
  appid: DCLOUD_APPID,
  key: 'dcloud-hbuilder',
  name: 'HBuilder（DCloud）',
  type: 'mobile',
  secret: 'dc1d0a5e2f8b4c7d9e0f1a2b3c4d5e6f',
  account: DCLOUD_ACCOUNT,
  base: 'custom',
};

export const defaultApps: App[] = [
  {
    ...appDefaults,
    appid: 'wx3a1c5e7f9b2d4680',
    key: 'web',
    name: '网站应用（扫码登录）',
    type: 'web',
    secret: '6f1e2d3c4b5a69788796a5b4c3d2e1f0',
    callbackDomain: '127.0.0.1',
  },
  {
    ...appDefaults,
    appid: 'wx3a1c5e7f9b2d4681',
    key: 'web-bind',
    name: '网站应用（个人中心绑定）',
    type: 'web',
    secret: '7a2b3c4d5e6f708192a3b4c5d6e7f809',
    callbackDomain: '127.0.0.1',
  },
  {
    ...appDefaults,
    appid: 'wx3a1c5e7f9b2d4682',
    key: 'mobile',
    name: '移动应用（自定义基座）',
    type: 'mobile',
    secret: '8b3c4d5e6f708192a3b4c5d6e7f8091a',
    base: 'custom',
  },
  { ...appDefaults, appid: 'wx3a1c5e7f9b2d4683', key: 'mini', name: '小程序', type: 'miniprogram', secret: '9c4d5e6f708192a3b4c5d6e7f8091a2b' },
  {
    ...appDefaults,
    appid: 'wx3a1c5e7f9b2d4684',
    key: 'mobile-standard',
    name: '移动应用（HBuilderX 标准基座）',
    type: 'mobile',
    secret: 'ad5e6f708192a3b4c5d6e7f8091a2b3c',
    base: 'standard',
  },
  // callbackDomain is its 网页授权域名 and its JS接口安全域名 alike (docs/mock-wechat.md#official-account-web-authorization).
  {
    ...appDefaults,
    appid: 'wx3a1c5e7f9b2d4685',
    key: 'official',
    name: '公众号（网页授权）',
    type: 'official',
    secret: 'be6f708192a3b4c5d6e7f8091a2b3c4d',
    callbackDomain: '127.0.0.1',
  },
  dcloudApp,
];

const personaDefaults = {
  sex: 0,
  province: '',
  city: '',
  country: '',
  language: 'zh_CN',
  avatar: null,
  phone: null,
  countryCode: '86',
  risky: false,
  openids: {},
  unionids: {},
} satisfies Partial<Persona>;

const defaultPersonas: Persona[] = [
  { ...personaDefaults, id: 'zhangsan', nickname: '张三', sex: 1, province: 'Guangdong', city: 'Shenzhen', country: 'China', phone: '13800138000' },
  { ...personaDefaults, id: 'lisi', nickname: '李四', sex: 2, province: 'Zhejiang', city: 'Hangzhou', country: 'China', phone: '13900139000' },
  { ...personaDefaults, id: 'wangwu', nickname: '王五', sex: 1, province: 'Beijing', city: 'Beijing', country: 'China' },
  { ...personaDefaults, id: 'zhaoliu', nickname: '赵六🌸', sex: 2, province: 'Sichuan', city: 'Chengdu', country: 'China', phone: '13700137000' },
  { ...personaDefaults, id: 'risky', nickname: '风险用户', phone: '13600136000', risky: true },
];

const DEFAULT_SEED = 'wxmock-default-world';

export const defaultWorld: Required<WorldConfig> = {
  seed: DEFAULT_SEED,
  accounts: builtinAccounts,
  apps: defaultApps,
  personas: defaultPersonas,
};

export { appDefaults, personaDefaults };
