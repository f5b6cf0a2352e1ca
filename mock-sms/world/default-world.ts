import type { SmsKey, SmsSign, SmsTemplate } from './types.ts';

/** The credentials, signatures and templates a fresh sandbox knows (docs/mock-sms.md lists them). */
export const defaultKeys: SmsKey[] = [
  {
    provider: 'aliyun',
    id: 'LTAI5tWxmockAliyun00001',
    secret: 'wxmockAliyunSecret0000000000001',
    status: 'active',
    sdkAppIds: [],
    label: 'default Aliyun AccessKey',
  },
  {
    provider: 'tencent',
    id: 'AKIDwxmockTencent0000000000000000001',
    secret: 'wxmockTencentSecretKey0000000001',
    status: 'active',
    sdkAppIds: ['1400000001'],
    label: 'default Tencent Cloud SecretId',
  },
];

export const defaultSigns: SmsSign[] = [
  { provider: 'aliyun', name: 'wxmock', status: 'approved' },
  { provider: 'tencent', name: 'wxmock', status: 'approved' },
];

export const defaultTemplates: SmsTemplate[] = [
  {
    provider: 'aliyun',
    id: 'SMS_460000001',
    name: '登录验证码',
    type: 'verification',
    text: '您的验证码为：${code}，5分钟内有效，请勿泄露于他人！',
    status: 'approved',
  },
  {
    provider: 'tencent',
    id: '1000001',
    name: '登录验证码',
    type: 'verification',
    text: '您的验证码为：{1}，5分钟内有效，请勿泄露于他人！',
    status: 'approved',
  },
];
