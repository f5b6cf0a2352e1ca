export type Provider = 'aliyun' | 'tencent';
export type KeyStatus = 'active' | 'inactive';
export type ReviewStatus = 'approved' | 'pending' | 'rejected';
export type TemplateType = 'verification' | 'notification' | 'marketing';

/** An Aliyun AccessKey or a Tencent SecretId/SecretKey pair. */
export interface SmsKey {
  provider: Provider;
  /** AccessKeyId / SecretId */
  id: string;
  /** AccessKeySecret / SecretKey */
  secret: string;
  status: KeyStatus;
  /** Tencent only: the SmsSdkAppIds of the account this key belongs to */
  sdkAppIds: string[];
  label: string;
}

/** A signature (签名), the 【…】 prefix of every message. */
export interface SmsSign {
  provider: Provider;
  name: string;
  status: ReviewStatus;
}

/** A message template: Aliyun TemplateCode with ${var} placeholders, Tencent TemplateId with {1}, {2}. */
export interface SmsTemplate {
  provider: Provider;
  id: string;
  name: string;
  type: TemplateType;
  text: string;
  status: ReviewStatus;
}

/** `config.sms` in wxmock.config.json: each list present replaces the built-in one. */
export interface SmsConfig {
  keys?: Partial<SmsKey>[];
  signs?: Partial<SmsSign>[];
  templates?: Partial<SmsTemplate>[];
  options?: Record<string, unknown>;
}
