import { stmt, write, type Db } from '../core/db.ts';

/** SMS4J provider names FastBee stores in notify_channel.provider; the two the sandbox can send through. */
export type SmsProvider = 'alibaba' | 'tencent';

export interface NotifyChannel {
  id: number;
  name: string;
  channelType: string;
  provider: string;
  /** SMS4J provider config: accessKeyId, accessKeySecret, signature, sdkAppId (Tencent), ... */
  config: Record<string, string>;
}

export interface NotifyTemplate {
  id: number;
  name: string;
  serviceCode: string;
  channelId: number;
  provider: string;
  /** templateId and content (the template text with its placeholder) */
  msgParams: Record<string, string>;
  status: number;
}

function parse(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** notify_channel + notify_template: which provider, keys and template the SMS captcha goes through. */
export class Notify {
  constructor(private readonly db: Db) {}

  /** selectOnlyEnable: the single enabled SMS template for service 'captcha'. */
  captchaTemplate(): NotifyTemplate | undefined {
    const r = stmt(
      this.db,
      "SELECT * FROM notify_template WHERE service_code = 'captcha' AND status = 1 AND channel_type = 'sms' AND del_flag = '0' ORDER BY id LIMIT 1",
    ).get() as { id: number; name: string; service_code: string; channel_id: number; provider: string; msg_params: string; status: number } | undefined;
    return (
      r && {
        id: r.id,
        name: r.name,
        serviceCode: r.service_code,
        channelId: r.channel_id,
        provider: r.provider,
        msgParams: parse(r.msg_params),
        status: r.status,
      }
    );
  }

  channel(id: number): NotifyChannel | undefined {
    const r = stmt(this.db, "SELECT * FROM notify_channel WHERE id = ? AND del_flag = '0'").get(id) as
      | { id: number; name: string; channel_type: string; provider: string; config_content: string }
      | undefined;
    return r && { id: r.id, name: r.name, channelType: r.channel_type, provider: r.provider, config: parse(r.config_content) };
  }

  addChannel(name: string, provider: SmsProvider, config: Record<string, string>): number {
    return Number(
      write(
        this.db,
        ['notify_channel'],
        "INSERT INTO notify_channel(name, channel_type, provider, config_content) VALUES (?, 'sms', ?, ?)",
        name,
        provider,
        JSON.stringify(config),
      ).lastInsertRowid,
    );
  }

  addTemplate(name: string, channelId: number, provider: SmsProvider, msgParams: Record<string, string>, enabled: boolean): number {
    return Number(
      write(
        this.db,
        ['notify_template'],
        "INSERT INTO notify_template(name, service_code, channel_id, channel_type, provider, msg_params, status) VALUES (?, 'captcha', ?, 'sms', ?, ?, ?)",
        name,
        channelId,
        provider,
        JSON.stringify(msgParams),
        enabled ? 1 : 0,
      ).lastInsertRowid,
    );
  }

  /** Enables the captcha template of one provider and disables the others (only one may be enabled). */
  useProvider(provider: SmsProvider): boolean {
    const has = stmt(this.db, "SELECT 1 FROM notify_template WHERE service_code = 'captcha' AND provider = ? AND del_flag = '0'").get(provider);
    if (!has) return false;
    write(this.db, ['notify_template'], () => {
      stmt(this.db, "UPDATE notify_template SET status = 0 WHERE service_code = 'captcha'").run();
      stmt(
        this.db,
        "UPDATE notify_template SET status = 1 WHERE id = (SELECT id FROM notify_template WHERE service_code = 'captcha' AND provider = ? AND del_flag = '0' ORDER BY id LIMIT 1)",
      ).run(provider);
    });
    return true;
  }

  /** Turns every captcha template off (the "no enabled template" branch). */
  disableCaptcha(): void {
    write(this.db, ['notify_template'], "UPDATE notify_template SET status = 0 WHERE service_code = 'captcha'");
  }
}

/** FastBee maps the captcha to the first placeholder of the template text: `${code}` → "code", `{1}` → "1". */
export function firstPlaceholder(content: string | undefined): string | undefined {
  if (!content) return undefined;
  const m = /\$\{([^}]+)\}|\{([^}]+)\}/.exec(content);
  return m ? (m[1] ?? m[2]) : undefined;
}
