import type { Clock } from '../core/clock.ts';
import { stmt, write, type Db } from '../core/db.ts';
import { newJsapiTicket } from './ids.ts';
import type { Options } from './options.ts';

/** The ticket types /cgi-bin/ticket/getticket hands out. */
export type TicketType = 'jsapi' | 'wx_card';

export interface TicketRow {
  ticket: string;
  appid: string;
  type: TicketType;
  created_at: number;
  expires_at: number;
}

/**
 * JS-SDK tickets per app and type (docs/mock-wechat.md#js-sdk): the same ticket while it lives, a
 * new one once it has run out. wx.config is checked against them.
 */
export class JsapiTickets {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: Options,
  ) {}

  /** The app's live ticket of this type, issued now when there is none. */
  current(appid: string, type: TicketType): TicketRow {
    const now = this.clock.now();
    const live = stmt(this.db, 'SELECT * FROM jsapi_tickets WHERE appid = ? AND type = ? AND expires_at > ? ORDER BY created_at DESC LIMIT 1').get(
      appid,
      type,
      now,
    ) as TicketRow | undefined;
    if (live) return live;
    const row: TicketRow = { ticket: newJsapiTicket(), appid, type, created_at: now, expires_at: now + this.options.get().jsapiTicketTtlSeconds * 1000 };
    write(this.db, ['jsapi_tickets'], 'INSERT INTO jsapi_tickets VALUES (@ticket, @appid, @type, @created_at, @expires_at)', row);
    return row;
  }

  /** Every ticket of the app and type, newest first, live or not (wx.config tells an expired one apart). */
  all(appid: string, type: TicketType): TicketRow[] {
    return stmt(this.db, 'SELECT * FROM jsapi_tickets WHERE appid = ? AND type = ? ORDER BY created_at DESC LIMIT 20').all(appid, type) as TicketRow[];
  }

  /** Drops tickets a day past their end. */
  prune(): void {
    write(this.db, ['jsapi_tickets'], 'DELETE FROM jsapi_tickets WHERE expires_at < ?', this.clock.now() - 86_400_000);
  }
}
