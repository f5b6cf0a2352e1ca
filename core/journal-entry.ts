/**
 * A journal entry as the control API returns it (`GET /__mock/journal`): its own file so the
 * harness's published types reach no database or server code.
 */
export interface JournalTags {
  appid?: string;
  persona?: string;
  phone?: string;
}

/** What an entry says of one exchange besides its time, headers and bodies. */
export interface ExchangeFacts {
  method: string;
  path: string;
  /** the query string without "?", secrets masked once written */
  query: string;
  appid: string | null;
  persona: string | null;
  phone: string | null;
  status: number;
  durationMs: number;
}

export interface JournalEntry extends ExchangeFacts {
  id: number;
  at: string;
  request: { headers: Record<string, string>; body: unknown };
  response: { headers: Record<string, string>; body: unknown };
}

export interface JournalFilter {
  path?: string;
  appid?: string;
  persona?: string;
  phone?: string;
  /** epoch ms or ISO date */
  since?: number | string;
  limit?: number;
}
