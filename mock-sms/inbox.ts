import { EventEmitter } from 'node:events';
import { stmt, write, type Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import type { Provider } from './world/types.ts';

export type SignatureScheme = 'ACS3-HMAC-SHA256' | 'RPC-HMAC-SHA1' | 'TC3-HMAC-SHA256';

/** One message as a phone would have got it; the inbox API's shape. */
export interface SmsMessage {
  id: number;
  provider: Provider;
  /** E.164, e.g. +8613800138000 */
  phone: string;
  signName: string;
  /** TemplateCode (Aliyun) or TemplateId (Tencent) */
  template: string;
  /** Aliyun TemplateParam object, Tencent TemplateParamSet array */
  params: Record<string, string> | string[];
  code: string | null;
  /** 【sign】 + rendered template */
  text: string;
  /** "undelivered": accepted by the gateway, never reached the phone (fault mode) */
  status: 'delivered' | 'undelivered';
  requestId: string;
  /** Aliyun BizId, Tencent SerialNo */
  bizId: string;
  signatureScheme: SignatureScheme;
  receivedAt: string;
}

export interface StoredMessage extends SmsMessage {
  receivedAtMs: number;
  keyId: string;
  outId: string | null;
}

export type NewMessage = Omit<StoredMessage, 'id' | 'receivedAt' | 'receivedAtMs'>;

interface Row {
  id: number;
  provider: string;
  phone: string;
  sign_name: string;
  template: string;
  params: string;
  code: string | null;
  text: string;
  status: string;
  request_id: string;
  biz_id: string;
  signature_scheme: string;
  key_id: string;
  out_id: string | null;
  received_at: number;
}

function fromRow(r: Row): StoredMessage {
  return {
    id: r.id,
    provider: r.provider as Provider,
    phone: r.phone,
    signName: r.sign_name,
    template: r.template,
    params: JSON.parse(r.params),
    code: r.code,
    text: r.text,
    status: r.status as SmsMessage['status'],
    requestId: r.request_id,
    bizId: r.biz_id,
    signatureScheme: r.signature_scheme as SignatureScheme,
    receivedAt: new Date(r.received_at).toISOString(),
    receivedAtMs: r.received_at,
    keyId: r.key_id,
    outId: r.out_id,
  };
}

/** A UTF-16 surrogate without its other half: SQLite keeps text as UTF-8, where it cannot survive as it is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The public shape: bookkeeping fields left out. */
export function publicMessage(m: StoredMessage): SmsMessage {
  const { receivedAtMs: _ms, keyId: _k, outId: _o, ...rest } = m;
  return rest;
}

export interface InboxFilter {
  phone?: string;
  provider?: Provider;
  /** epoch ms, mock clock */
  since?: number;
  limit?: number;
  /** include undelivered messages */
  all?: boolean;
}

/** Every message the gateways accepted, and a wake-up for whoever waits on a phone. */
export class Inbox {
  private readonly events = new EventEmitter();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    // One listener per long-poll waiter; there is no sensible cap.
    this.events.setMaxListeners(0);
  }

  /**
   * Inserts the message and returns it as a later read gives it back (what the inbox API and the
   * long-poll waiters see), built from the values bound to the INSERT rather than read back.
   */
  store(m: NewMessage): StoredMessage {
    const at = this.clock.now();
    const params = JSON.stringify(m.params);
    const info = write(
      this.db,
      ['sms_messages'],
      `INSERT INTO sms_messages(provider, phone, sign_name, template, params, code, text, status, request_id, biz_id, signature_scheme, key_id, out_id, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.provider,
      m.phone,
      m.signName,
      m.template,
      params,
      m.code,
      m.text,
      m.status,
      m.requestId,
      m.bizId,
      m.signatureScheme,
      m.keyId,
      m.outId,
      at,
    );
    const id = Number(info.lastInsertRowid);
    // A lone surrogate (a JSON "\uD800" in a request) comes back from SQLite as replacement characters:
    // such a message is read back. The NULs keep the halves of two fields from pairing up.
    const stored = LONE_SURROGATE.test(`${m.phone}\0${m.signName}\0${m.template}\0${m.code}\0${m.text}\0${m.requestId}\0${m.bizId}\0${m.keyId}\0${m.outId}`)
      ? this.get(id)!
      : fromRow({
          id,
          provider: m.provider,
          phone: m.phone,
          sign_name: m.signName,
          template: m.template,
          params,
          code: m.code,
          text: m.text,
          status: m.status,
          request_id: m.requestId,
          biz_id: m.bizId,
          signature_scheme: m.signatureScheme,
          key_id: m.keyId,
          out_id: m.outId,
          received_at: at,
        });
    if (stored.status === 'delivered') this.events.emit('delivered', stored);
    return stored;
  }

  get(id: number): StoredMessage | undefined {
    const r = stmt(this.db, 'SELECT * FROM sms_messages WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }

  /** Newest first. */
  list(f: InboxFilter = {}): StoredMessage[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.phone) {
      where.push('phone = ?');
      args.push(f.phone);
    }
    if (f.provider) {
      where.push('provider = ?');
      args.push(f.provider);
    }
    if (f.since !== undefined) {
      where.push('received_at >= ?');
      args.push(f.since);
    }
    if (!f.all) where.push("status = 'delivered'");
    const limit = Math.min(Math.max(Math.trunc(f.limit ?? 100) || 100, 1), 1000);
    const sql = `SELECT * FROM sms_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    return (stmt(this.db, sql).all(...args) as Row[]).map(fromRow);
  }

  latest(phone: string): StoredMessage | undefined {
    return this.list({ phone, limit: 1 })[0];
  }

  latestWithCode(phone: string): StoredMessage | undefined {
    const r = stmt(this.db, "SELECT * FROM sms_messages WHERE phone = ? AND status = 'delivered' AND code IS NOT NULL ORDER BY id DESC LIMIT 1").get(phone) as
      | Row
      | undefined;
    return r && fromRow(r);
  }

  /** Aliyun QuerySendDetails: one number's messages in [fromMs, toMs), newest first, delivered or not. */
  sentTo(provider: Provider, phone: string, fromMs: number, toMs: number, bizId?: string): StoredMessage[] {
    const rows = stmt(
      this.db,
      `SELECT * FROM sms_messages WHERE provider = ? AND phone = ? AND received_at >= ? AND received_at < ? ${bizId ? 'AND biz_id = ?' : ''} ORDER BY id DESC`,
    ).all(...[provider, phone, fromMs, toMs, ...(bizId ? [bizId] : [])]) as Row[];
    return rows.map(fromRow);
  }

  clear(phone?: string): number {
    return write(this.db, ['sms_messages'], () =>
      phone ? stmt(this.db, 'DELETE FROM sms_messages WHERE phone = ?').run(phone).changes : stmt(this.db, 'DELETE FROM sms_messages').run().changes,
    );
  }

  /**
   * Resolves with the first delivered message for `phone` received at or after `since` (already
   * there, or the moment it arrives), or undefined after `timeoutMs` or when `signal` aborts.
   * Without `since` only messages arriving after the call count.
   */
  wait(phone: string, opts: { since?: number; timeoutMs: number; signal?: AbortSignal }): Promise<StoredMessage | undefined> {
    if (opts.since !== undefined) {
      const r = stmt(this.db, "SELECT * FROM sms_messages WHERE phone = ? AND status = 'delivered' AND received_at >= ? ORDER BY id ASC LIMIT 1").get(
        phone,
        opts.since,
      ) as Row | undefined;
      if (r) return Promise.resolve(fromRow(r));
    }
    return new Promise((resolve) => {
      const done = (m: StoredMessage | undefined) => {
        clearTimeout(timer);
        this.events.off('delivered', onMessage);
        this.events.off('close', onClose);
        opts.signal?.removeEventListener('abort', onClose);
        resolve(m);
      };
      const onMessage = (m: StoredMessage) => {
        if (m.phone === phone && (opts.since === undefined || m.receivedAtMs >= opts.since)) done(m);
      };
      const onClose = () => done(undefined);
      const timer = setTimeout(onClose, opts.timeoutMs);
      this.events.on('delivered', onMessage);
      this.events.on('close', onClose);
      opts.signal?.addEventListener('abort', onClose, { once: true });
    });
  }

  /** How many long-polls are waiting right now. */
  waiting(): number {
    return this.events.listenerCount('delivered');
  }

  /** Releases every waiter (the mock is closing). */
  close(): void {
    this.events.emit('close');
  }
}
