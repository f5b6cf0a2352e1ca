// The login system is configured with its own appids, secrets and SMS keys (seed.ts), as a real one
// is; out of the box they must be exactly what the mocks' default worlds hold, or `wxmock start`
// would log nobody in. This keeps the two from drifting apart.
import { describe, expect, it } from 'vitest';
import { defaultKeys, defaultSigns, defaultTemplates } from '../mock-sms/world/default-world.ts';
import { defaultApps } from '../mock-wechat/world/default-world.ts';
import { SEED_SMS, SEED_WECHAT, seedPlatforms } from './seed.ts';

describe('the seeded configuration agrees with the mocks’ default worlds', () => {
  it('each WeChat app the login system is configured with is the default mock-wechat app of that key', () => {
    for (const [key, configured] of Object.entries(SEED_WECHAT)) {
      const app = defaultApps.find((a) => a.key === key);
      expect(app && { appid: app.appid, secret: app.secret }, `mock-wechat default app ${key}`).toEqual(configured);
    }
    const rows = Object.fromEntries(seedPlatforms().map((p) => [p.platform, p.clientId]));
    const appid = (key: string) => defaultApps.find((a) => a.key === key)?.appid;
    expect(rows).toEqual({
      wechat_open_web: appid('web'),
      wechat_open_web_bind: appid('web-bind'),
      wechat_open_mobile: appid('mobile'),
      wechat_open_mini_program: appid('mini'),
    });
  });

  it('each SMS channel signs with a default mock-sms key and uses a default signature and template', () => {
    for (const provider of ['aliyun', 'tencent'] as const) {
      const configured: { accessKeyId: string; accessKeySecret: string; signature: string; templateId: string; content: string; sdkAppId?: string } =
        SEED_SMS[provider];
      const key = defaultKeys.find((k) => k.provider === provider && k.id === configured.accessKeyId);
      expect(key?.secret, `${provider} key ${configured.accessKeyId}`).toBe(configured.accessKeySecret);
      if (configured.sdkAppId) expect(key?.sdkAppIds).toContain(configured.sdkAppId);
      expect(
        defaultSigns.some((s) => s.provider === provider && s.name === configured.signature),
        `${provider} signature`,
      ).toBe(true);
      const template = defaultTemplates.find((t) => t.provider === provider && t.id === configured.templateId);
      expect(template?.text, `${provider} template ${configured.templateId}`).toBe(configured.content);
    }
  });
});
