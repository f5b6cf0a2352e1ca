import { EventEmitter } from 'node:events';
import { ControlError } from '../core/control-errors.ts';
import { stmt, write } from '../core/db.ts';
import type { WechatCtx } from './context.ts';
import { newQrUuid } from './ids.ts';
import { getOrAdd } from '../core/memo.ts';
import { fromColumns, type Columns } from '../core/columns.ts';

/** Where a web-QR login stands: the page's long-poll reports it as wx_errcode. */
export type QrStatus = 'waiting' | 'scanned' | 'confirmed' | 'cancelled' | 'expired';

export const QR_STATUSES: readonly QrStatus[] = ['waiting', 'scanned', 'confirmed', 'cancelled', 'expired'];

/** wx_errcode of the long-poll answer for each status (408/404/405 from traces; 402/403 believed). */
export const QR_ERRCODE: Record<QrStatus, number> = { waiting: 408, scanned: 404, confirmed: 405, cancelled: 403, expired: 402 };

export function statusOfErrcode(errcode: number): QrStatus | undefined {
  return QR_STATUSES.find((s) => QR_ERRCODE[s] === errcode);
}

export interface QrSession {
  uuid: string;
  appid: string;
  redirectUri: string;
  state: string;
  scope: string;
  status: QrStatus;
  /** who scanned or confirmed; null until someone did */
  persona: string | null;
  /** the authorization code, once confirmed */
  code: string | null;
  createdAt: number;
  expiresAt: number;
  updatedAt: number;
}

/** A row of qr_sessions (core/columns.ts). */
type Row = Columns<QrSession>;

const fromRow = (r: Row): QrSession => fromColumns<QrSession>(r);

/** A refused transition: the control API answers it as it is, the phone page turns it into a message. */
export class QrSessionError extends ControlError {}

const OPEN: readonly QrStatus[] = ['waiting', 'scanned'];

/** Sessions older than this past their expiry are dropped, so a long-running sandbox stays small. */
const KEEP_EXPIRED_MS = 86_400_000;

/**
 * The qr_sessions table plus an in-process event per uuid, so a held long-poll answers the
 * moment a phone (or a test) scans, confirms or cancels. Expiry is evaluated lazily against
 * the mock clock, so advancing the clock expires sessions without waiting.
 */
export class QrSessions {
  private readonly events = new EventEmitter();

  constructor(private readonly ctx: WechatCtx) {
    // One listener per held long-poll; many pages may be open at once.
    this.events.setMaxListeners(0);
  }

  create(input: { appid: string; redirectUri: string; state: string; scope: string }): QrSession {
    const now = this.ctx.clock.now();
    const uuid = newQrUuid();
    const expires = now + this.ctx.options.get().qrTtlSeconds * 1000;
    const db = this.ctx.db;
    write(db, ['qr_sessions'], () => {
      stmt(db, 'DELETE FROM qr_sessions WHERE expires_at < ?').run(now - KEEP_EXPIRED_MS);
      stmt(
        db,
        `INSERT INTO qr_sessions(uuid, appid, redirect_uri, state, scope, status, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?)`,
      ).run(uuid, input.appid, input.redirectUri, input.state, input.scope, now, expires, now);
    });
    return this.get(uuid)!;
  }

  get(uuid: string): QrSession | undefined {
    this.expireDue();
    const r = stmt(this.ctx.db, 'SELECT * FROM qr_sessions WHERE uuid = ?').get(uuid) as Row | undefined;
    return r && fromRow(r);
  }

  /** Newest first. */
  list(filter: { appid?: string; status?: QrStatus } = {}): QrSession[] {
    this.expireDue();
    const where: string[] = [];
    const args: string[] = [];
    if (filter.appid) {
      where.push('appid = ?');
      args.push(filter.appid);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM qr_sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT 500`;
    return (stmt(this.ctx.db, sql).all(...args) as Row[]).map(fromRow);
  }

  /** The newest session still waiting for, or holding, a scan; of one app, or of any app. */
  latest(appid?: string): QrSession | undefined {
    this.expireDue();
    const r = stmt(
      this.ctx.db,
      `SELECT * FROM qr_sessions WHERE status IN ('waiting', 'scanned') ${appid ? 'AND appid = ?' : ''} ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ).get(...(appid ? [appid] : [])) as Row | undefined;
    return r && fromRow(r);
  }

  /** The phone opened the QR's URL. Scanning again (a reload of the phone page) is allowed. */
  scan(uuid: string, personaId?: string): QrSession {
    const s = this.open(uuid);
    const persona = personaId === undefined ? s.persona : this.persona(personaId);
    return this.transition(s, 'scanned', { persona });
  }

  /** The user tapped 允许: a single-use snsapi_login code is issued for the persona. */
  confirm(uuid: string, personaId?: string): QrSession {
    const s = this.open(uuid);
    const id = personaId ?? s.persona;
    if (!id) throw new QrSessionError('unknown_persona', 'persona is required to confirm (no one has scanned this QR code)');
    const persona = this.persona(id);
    // The code and the status together: a lost race to another transition leaves no code behind.
    return write(this.ctx.db, ['codes', 'qr_sessions'], () => {
      const code = this.ctx.grants.issueCode('sns', s.appid, persona, s.scope);
      return this.transition(s, 'confirmed', { persona, code });
    });
  }

  /** The user tapped 拒绝 (or closed the phone page's prompt). */
  cancel(uuid: string): QrSession {
    const s = this.open(uuid);
    return this.transition(s, 'cancelled', { persona: s.persona });
  }

  /**
   * Resolves once the session's status differs from `last`, or after `holdMs` (then with the
   * current session). A waiting or scanned session also wakes at its expiry. Resolves undefined
   * when the client went away or the session does not exist.
   */
  waitForChange(uuid: string, last: QrStatus, holdMs: number, signal?: AbortSignal): Promise<QrSession | undefined> {
    const current = this.get(uuid);
    if (!current || current.status !== last || signal?.aborted) return Promise.resolve(signal?.aborted ? undefined : current);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (s: QrSession | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.events.off(uuid, onChange);
        signal?.removeEventListener('abort', onAbort);
        resolve(s);
      };
      const read = () => {
        try {
          return this.get(uuid);
        } catch {
          return undefined; // the database was closed while the poll was held
        }
      };
      const onChange = () => {
        const s = read();
        if (!s || s.status !== last) finish(s);
      };
      const onAbort = () => finish(undefined);
      const untilExpiry = OPEN.includes(current.status) ? current.expiresAt - this.ctx.clock.now() + 5 : Infinity;
      const timer = setTimeout(() => finish(read()), Math.max(0, Math.min(holdMs, untilExpiry)));
      timer.unref();
      this.events.on(uuid, onChange);
      signal?.addEventListener('abort', onAbort);
    });
  }

  private open(uuid: string): QrSession {
    const s = this.get(uuid);
    if (!s) throw new QrSessionError('unknown_session', `no QR session ${uuid}`);
    if (!OPEN.includes(s.status)) throw new QrSessionError('wrong_state', `QR session ${uuid} is ${s.status}`);
    return s;
  }

  private persona(id: string): string {
    if (!this.ctx.world.getPersona(id)) throw new QrSessionError('unknown_persona', `no persona ${id}`);
    return id;
  }

  private transition(s: QrSession, status: QrStatus, set: { persona: string | null; code?: string }): QrSession {
    const now = this.ctx.clock.now();
    // The status guard makes a concurrent second transition lose instead of overwrite.
    const db = this.ctx.db;
    const changed = write(
      db,
      ['qr_sessions'],
      `UPDATE qr_sessions SET status = ?, persona = ?, code = COALESCE(?, code), updated_at = ? WHERE uuid = ? AND status IN ('waiting', 'scanned')`,
      status,
      set.persona,
      set.code ?? null,
      now,
      s.uuid,
    ).changes;
    if (changed !== 1) throw new QrSessionError('wrong_state', `QR session ${s.uuid} changed meanwhile`);
    this.events.emit(s.uuid);
    return this.get(s.uuid)!;
  }

  /** Marks open sessions past their lifetime as expired and wakes their pollers. */
  private expireDue(): void {
    const now = this.ctx.clock.now();
    const db = this.ctx.db;
    const due = stmt(db, "SELECT uuid FROM qr_sessions WHERE status IN ('waiting', 'scanned') AND expires_at <= ?").all(now) as { uuid: string }[];
    if (!due.length) return;
    write(
      db,
      ['qr_sessions'],
      "UPDATE qr_sessions SET status = 'expired', updated_at = ? WHERE status IN ('waiting', 'scanned') AND expires_at <= ?",
      now,
      now,
    );
    // Emitted after the update so listeners read the new status; deferred so no listener runs inside a read.
    queueMicrotask(() => {
      for (const d of due) this.events.emit(d.uuid);
    });
  }
}

const perMock = new WeakMap<WechatCtx, QrSessions>();

/** The one QrSessions of a mock instance, shared by the pages and the control routes. */
export function qrSessions(ctx: WechatCtx): QrSessions {
  return getOrAdd(perMock, ctx, () => new QrSessions(ctx));
}
