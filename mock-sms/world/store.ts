import { ControlError } from '../../core/control-errors.ts';
import { stmt, write, type Db } from '../../core/db.ts';
import { ReadCache } from '../../core/read-cache.ts';
import { defaultKeys, defaultSigns, defaultTemplates } from './default-world.ts';
import type { Provider, ReviewStatus, SmsConfig, SmsKey, SmsSign, SmsTemplate, TemplateType } from './types.ts';
import { placeholders } from '../templates.ts';

/** A bad change to keys, signatures or templates: the control API turns it into a 4xx. */
export class SmsWorldError extends ControlError {}

const PROVIDERS: Provider[] = ['aliyun', 'tencent'];
const REVIEW: ReviewStatus[] = ['approved', 'pending', 'rejected'];
const TYPES: TemplateType[] = ['verification', 'notification', 'marketing'];

interface KeyRow {
  key_id: string;
  provider: string;
  secret: string;
  status: string;
  sdk_app_ids: string;
  label: string;
}
interface SignRow {
  provider: string;
  name: string;
  status: string;
}
interface TemplateRow {
  provider: string;
  template_id: string;
  name: string;
  type: string;
  text: string;
  status: string;
}

const keyFromRow = (r: KeyRow): SmsKey => ({
  provider: r.provider as Provider,
  id: r.key_id,
  secret: r.secret,
  status: r.status as SmsKey['status'],
  sdkAppIds: JSON.parse(r.sdk_app_ids),
  label: r.label,
});
const signFromRow = (r: SignRow): SmsSign => ({ provider: r.provider as Provider, name: r.name, status: r.status as ReviewStatus });
const templateFromRow = (r: TemplateRow): SmsTemplate => ({
  provider: r.provider as Provider,
  id: r.template_id,
  name: r.name,
  type: r.type as TemplateType,
  text: r.text,
  status: r.status as ReviewStatus,
});

function bad(message: string): never {
  throw new SmsWorldError('invalid_field', message);
}

function text(v: unknown, field: string, max = 256): string {
  if (typeof v !== 'string' || !v.trim()) bad(`${field} must be a non-empty string`);
  if (v.length > max) bad(`${field} is longer than ${max} characters`);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!allowed.includes(v as T)) bad(`${field} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function requireProvider(v: unknown): Provider {
  if (v === undefined) bad('provider is required ("aliyun" or "tencent")');
  return oneOf(v, 'provider', PROVIDERS, 'aliyun');
}

/** Access keys, signatures and templates: what the real consoles would hold for an account. */
const SMS_WORLD_TABLES = ['sms_keys', 'sms_signs', 'sms_templates'];

export class SmsWorld {
  /** Keys, signs and templates as last read: every send looks them up. */
  private readonly cache: ReadCache;

  constructor(private readonly db: Db) {
    this.cache = new ReadCache(db, SMS_WORLD_TABLES);
  }

  /** Replaces everything with `config` (built-in defaults for each list it leaves out). */
  load(config: SmsConfig = {}): void {
    write(this.db, SMS_WORLD_TABLES, () => {
      for (const t of SMS_WORLD_TABLES) stmt(this.db, `DELETE FROM ${t}`).run();
      for (const k of config.keys ?? defaultKeys) this.createKey(k);
      for (const s of config.signs ?? defaultSigns) this.createSign(s);
      for (const t of config.templates ?? defaultTemplates) this.createTemplate(t);
    });
  }

  isEmpty(): boolean {
    return stmt(this.db, 'SELECT 1 FROM sms_keys LIMIT 1').get() === undefined;
  }

  // Keys

  listKeys(provider?: Provider): SmsKey[] {
    const rows = (
      provider
        ? stmt(this.db, 'SELECT * FROM sms_keys WHERE provider = ? ORDER BY rowid').all(provider)
        : stmt(this.db, 'SELECT * FROM sms_keys ORDER BY rowid').all()
    ) as KeyRow[];
    return rows.map(keyFromRow);
  }

  getKey(id: string, provider?: Provider): SmsKey | undefined {
    const key = this.cache.get(`key:${id}`, () => {
      const r = stmt(this.db, 'SELECT * FROM sms_keys WHERE key_id = ?').get(id) as KeyRow | undefined;
      return r && keyFromRow(r);
    });
    return key && (!provider || key.provider === provider) ? key : undefined;
  }

  createKey(input: Partial<SmsKey>): SmsKey {
    const provider = requireProvider(input.provider);
    const id = text(input.id, 'id', 128);
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) bad('id may hold only letters, digits, "_", "." and "-"');
    if (this.getKey(id)) throw new SmsWorldError('exists', `key ${id} exists`);
    const key = this.validKey({ provider, id, secret: input.secret, status: input.status, sdkAppIds: input.sdkAppIds, label: input.label });
    write(
      this.db,
      ['sms_keys'],
      'INSERT INTO sms_keys(key_id, provider, secret, status, sdk_app_ids, label) VALUES (?, ?, ?, ?, ?, ?)',
      key.id,
      key.provider,
      key.secret,
      key.status,
      JSON.stringify(key.sdkAppIds),
      key.label,
    );
    return key;
  }

  updateKey(id: string, change: Partial<SmsKey>): SmsKey {
    const cur = this.getKey(id);
    if (!cur) throw new SmsWorldError('not_found', `no key ${id}`);
    if (change.provider !== undefined && change.provider !== cur.provider) bad('provider cannot change');
    const key = this.validKey({ ...cur, ...change, id: cur.id, provider: cur.provider });
    write(
      this.db,
      ['sms_keys'],
      'UPDATE sms_keys SET secret = ?, status = ?, sdk_app_ids = ?, label = ? WHERE key_id = ?',
      key.secret,
      key.status,
      JSON.stringify(key.sdkAppIds),
      key.label,
      id,
    );
    return key;
  }

  deleteKey(id: string): void {
    if (write(this.db, ['sms_keys'], 'DELETE FROM sms_keys WHERE key_id = ?', id).changes === 0) throw new SmsWorldError('not_found', `no key ${id}`);
  }

  /** Every SmsSdkAppId some Tencent key owns. */
  tencentAppIds(): string[] {
    return [...new Set(this.listKeys('tencent').flatMap((k) => k.sdkAppIds))];
  }

  private validKey(k: Partial<SmsKey> & { provider: Provider; id: string }): SmsKey {
    const secret = text(k.secret, 'secret', 256);
    const status = oneOf(k.status, 'status', ['active', 'inactive'] as const, 'active');
    const sdkAppIds = k.sdkAppIds ?? [];
    if (!Array.isArray(sdkAppIds) || sdkAppIds.some((a) => typeof a !== 'string' || !/^\d{1,20}$/.test(a))) bad('sdkAppIds must be an array of digit strings');
    if (k.provider === 'aliyun' && sdkAppIds.length) bad('sdkAppIds are for Tencent keys only');
    const label = k.label === undefined ? '' : typeof k.label === 'string' ? k.label : bad('label must be a string');
    return { provider: k.provider, id: k.id, secret, status, sdkAppIds, label };
  }

  // Signatures

  listSigns(provider?: Provider): SmsSign[] {
    const rows = (
      provider
        ? stmt(this.db, 'SELECT * FROM sms_signs WHERE provider = ? ORDER BY rowid').all(provider)
        : stmt(this.db, 'SELECT * FROM sms_signs ORDER BY rowid').all()
    ) as SignRow[];
    return rows.map(signFromRow);
  }

  getSign(provider: Provider, name: string): SmsSign | undefined {
    return this.cache.get(`sign:${provider}:${name}`, () => {
      const r = stmt(this.db, 'SELECT * FROM sms_signs WHERE provider = ? AND name = ?').get(provider, name) as SignRow | undefined;
      return r && signFromRow(r);
    });
  }

  createSign(input: Partial<SmsSign>): SmsSign {
    const provider = requireProvider(input.provider);
    const name = text(input.name, 'name', 64);
    if (this.getSign(provider, name)) throw new SmsWorldError('exists', `${provider} sign ${name} exists`);
    const sign: SmsSign = { provider, name, status: oneOf(input.status, 'status', REVIEW, 'approved') };
    write(this.db, ['sms_signs'], 'INSERT INTO sms_signs(provider, name, status) VALUES (?, ?, ?)', sign.provider, sign.name, sign.status);
    return sign;
  }

  /** Changes the sign of that name for `provider`, or for every provider that has it. */
  updateSigns(name: string, change: Partial<SmsSign>, provider?: Provider): SmsSign[] {
    const targets = this.listSigns(provider).filter((s) => s.name === name);
    if (!targets.length) throw new SmsWorldError('not_found', `no sign ${name}`);
    if (change.status === undefined) bad('status is the only field a sign has to change');
    const status = oneOf(change.status, 'status', REVIEW, 'approved');
    write(this.db, ['sms_signs'], () => {
      for (const s of targets) stmt(this.db, 'UPDATE sms_signs SET status = ? WHERE provider = ? AND name = ?').run(status, s.provider, s.name);
    });
    return targets.map((s) => ({ ...s, status }));
  }

  deleteSigns(name: string, provider?: Provider): number {
    const n = write(this.db, ['sms_signs'], () =>
      provider
        ? stmt(this.db, 'DELETE FROM sms_signs WHERE provider = ? AND name = ?').run(provider, name).changes
        : stmt(this.db, 'DELETE FROM sms_signs WHERE name = ?').run(name).changes,
    );
    if (!n) throw new SmsWorldError('not_found', `no sign ${name}`);
    return n;
  }

  // Templates

  listTemplates(provider?: Provider): SmsTemplate[] {
    const rows = (
      provider
        ? stmt(this.db, 'SELECT * FROM sms_templates WHERE provider = ? ORDER BY rowid').all(provider)
        : stmt(this.db, 'SELECT * FROM sms_templates ORDER BY rowid').all()
    ) as TemplateRow[];
    return rows.map(templateFromRow);
  }

  getTemplate(provider: Provider, id: string): SmsTemplate | undefined {
    return this.cache.get(`template:${provider}:${id}`, () => {
      const r = stmt(this.db, 'SELECT * FROM sms_templates WHERE provider = ? AND template_id = ?').get(provider, id) as TemplateRow | undefined;
      return r && templateFromRow(r);
    });
  }

  createTemplate(input: Partial<SmsTemplate>): SmsTemplate {
    const provider = requireProvider(input.provider);
    const id = text(input.id, 'id', 64);
    if (provider === 'tencent' && !/^\d+$/.test(id)) bad('a Tencent TemplateId is digits only');
    if (this.getTemplate(provider, id)) throw new SmsWorldError('exists', `${provider} template ${id} exists`);
    const t = this.validTemplate({ ...input, provider, id });
    write(
      this.db,
      ['sms_templates'],
      'INSERT INTO sms_templates(provider, template_id, name, type, text, status) VALUES (?, ?, ?, ?, ?, ?)',
      t.provider,
      t.id,
      t.name,
      t.type,
      t.text,
      t.status,
    );
    return t;
  }

  updateTemplates(id: string, change: Partial<SmsTemplate>, provider?: Provider): SmsTemplate[] {
    const targets = this.listTemplates(provider).filter((t) => t.id === id);
    if (!targets.length) throw new SmsWorldError('not_found', `no template ${id}`);
    const out = targets.map((cur) => {
      if (change.provider !== undefined && change.provider !== cur.provider) bad('provider cannot change');
      return this.validTemplate({ ...cur, ...change, id: cur.id, provider: cur.provider });
    });
    write(this.db, ['sms_templates'], () => {
      for (const t of out)
        stmt(this.db, 'UPDATE sms_templates SET name = ?, type = ?, text = ?, status = ? WHERE provider = ? AND template_id = ?').run(
          t.name,
          t.type,
          t.text,
          t.status,
          t.provider,
          t.id,
        );
    });
    return out;
  }

  deleteTemplates(id: string, provider?: Provider): number {
    const n = write(this.db, ['sms_templates'], () =>
      provider
        ? stmt(this.db, 'DELETE FROM sms_templates WHERE provider = ? AND template_id = ?').run(provider, id).changes
        : stmt(this.db, 'DELETE FROM sms_templates WHERE template_id = ?').run(id).changes,
    );
    if (!n) throw new SmsWorldError('not_found', `no template ${id}`);
    return n;
  }

  private validTemplate(t: Partial<SmsTemplate> & { provider: Provider; id: string }): SmsTemplate {
    const body = text(t.text, 'text', 1000);
    const vars = placeholders(t.provider, body);
    if (t.provider === 'tencent' && vars.some((v, i) => v !== String(i + 1))) bad('Tencent placeholders are {1}, {2}, … in order');
    const name = t.name === undefined ? '' : typeof t.name === 'string' ? t.name : bad('name must be a string');
    return {
      provider: t.provider,
      id: t.id,
      name,
      type: oneOf(t.type, 'type', TYPES, 'verification'),
      text: body,
      status: oneOf(t.status, 'status', REVIEW, 'approved'),
    };
  }
}
