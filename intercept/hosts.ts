/**
 * The real hostnames wxmock answers as, and which mock serves each (docs/intercept.md#the-hostnames).
 * The SMS names are the endpoints the official SDKs pick by region; thirdwx.qlogo.cn is left out
 * because the mock hands out avatar URLs but serves no avatar images.
 */
export type InterceptedService = 'wechat' | 'sms';

export const INTERCEPTED_HOSTS: readonly { host: string; service: InterceptedService; what: string }[] = [
  { host: 'api.weixin.qq.com', service: 'wechat', what: 'WeChat API (sns, cgi-bin, wxa)' },
  { host: 'open.weixin.qq.com', service: 'wechat', what: 'WeChat QR login and Official Account authorize pages' },
  { host: 'res.wx.qq.com', service: 'wechat', what: 'wxLogin.js and the JS-SDK (jweixin)' },
  { host: 'dysmsapi.aliyuncs.com', service: 'sms', what: 'Aliyun SMS (central endpoint, most cn-* regions)' },
  { host: 'dysmsapi.ap-southeast-1.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, Singapore' },
  { host: 'dysmsapi.ap-southeast-5.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, Jakarta' },
  { host: 'dysmsapi.eu-central-1.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, Frankfurt' },
  { host: 'dysmsapi.us-east-1.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, Virginia' },
  { host: 'dysmsapi-proxy.cn-beijing.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, cn-beijing' },
  { host: 'dysmsapi-xman.cn-hongkong.aliyuncs.com', service: 'sms', what: 'Aliyun SMS, cn-hongkong' },
  { host: 'sms.tencentcloudapi.com', service: 'sms', what: 'Tencent Cloud SMS (the SDK default)' },
  { host: 'sms.ap-guangzhou.tencentcloudapi.com', service: 'sms', what: 'Tencent Cloud SMS, Guangzhou' },
  { host: 'sms.ap-beijing.tencentcloudapi.com', service: 'sms', what: 'Tencent Cloud SMS, Beijing' },
  { host: 'sms.ap-nanjing.tencentcloudapi.com', service: 'sms', what: 'Tencent Cloud SMS, Nanjing' },
];

const byHost = new Map(INTERCEPTED_HOSTS.map((h) => [h.host, h.service]));

/** The bare lower-case hostname of a Host header or CONNECT target ("API.weixin.qq.com:443." → "api.weixin.qq.com"). */
export function bareHostname(hostPort: string): string {
  let h = hostPort.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && h.indexOf(':') === colon) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** Which mock answers as this host, or undefined when wxmock does not intercept it. */
export function serviceFor(hostPort: string): InterceptedService | undefined {
  return byHost.get(bareHostname(hostPort));
}

/** The /etc/hosts lines that send every intercepted name to `ip`. */
export function hostsFileLines(ip = '127.0.0.1'): string[] {
  return INTERCEPTED_HOSTS.map((h) => `${ip} ${h.host}`);
}
