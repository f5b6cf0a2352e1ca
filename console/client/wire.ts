import type { JournalEntry as MockJournalEntry } from '../../core/journal-entry.ts';
import type { Account, App, Identities, Persona as WorldPersona } from '../../mock-wechat/world/types.ts';

/**
 * The JSON the console page reads from its /api (the mocks' control API passed through, see
 * docs/console.md and docs/mock-wechat.md): the fields the panels use, as the page sees them.
 */

/** #console-config, written by the server into the page. */
export interface ConsoleConfig {
  wechatUrl: string;
  smsUrl: string;
  pollMs: number;
  /** panel names in tab order; the first is shown when the #hash names none */
  panels: string[];
}

/** What a control call gave: the status and the parsed body (or the text when it was not JSON). */
export interface ApiResult<T = unknown> {
  status: number;
  ok: boolean;
  body: T;
}

/** A control-API error body. */
export interface ApiError {
  error?: { code?: string; message?: string };
}

export interface MockStatus {
  name: string;
  label: string;
  url: string;
  ok: boolean;
  now?: string;
  offsetMs?: number;
  error?: string;
}

/** Accounts and apps as the world has them (mock-wechat's own types: see docs/architecture.md, "Allowed imports"). */
export type { Account, App };

export interface Billing {
  appid: string;
  calls: number;
  freeQuota: number;
  freeUsed: number;
  chargedCalls: number;
  chargedAmount: number;
  price: number;
  buttonTaps: number;
  callLimit: number | null;
}

/** A persona as the console's API lists it: the world's persona and every id it has. */
export interface Persona extends WorldPersona {
  ids: Identities | null;
}

export interface QrSession {
  uuid: string;
  appid: string;
  status: string;
  persona: string | null;
  redirectUri: string;
  state: string;
  scope: string;
  code: string | null;
  createdAt: string;
  expiresAt: string;
  qrconnectUrl: string;
}

/** An entry of the merged journal: the mock's entry (core's type, shared with the server) and what the console adds. */
export interface JournalEntry extends MockJournalEntry {
  key: string;
  source: string;
  endpoint: string;
  outcome: string;
}

export interface SmsMessage {
  id: number;
  provider: string;
  phone: string;
  signName: string;
  template: string;
  code: string | null;
  text: string;
  status: string;
  receivedAt: string;
}

export interface Fault {
  id: number;
  endpoint: string;
  match: Record<string, string | undefined>;
  action: {
    errcode?: number;
    errmsg?: string;
    code?: string;
    message?: string;
    httpStatus?: number;
    delayMs?: number;
    mode?: string;
    placement?: string;
  };
  remaining: number;
}
