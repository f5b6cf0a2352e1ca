import type { JournalEntry } from '../core/journal-entry.ts';
import { HttpClient } from '../core/http-client.ts';
import { expectOk } from './http.ts';

export interface SmsMessage {
  id: number;
  provider: 'aliyun' | 'tencent';
  phone: string;
  signName: string;
  template: string;
  params: unknown;
  code: string | null;
  text: string;
  status: 'delivered' | 'undelivered';
  receivedAt: string;
}

/** Reads mock-sms's inbox: what a phone would have received. */
export class SmsInbox {
  readonly http: HttpClient;

  constructor(
    readonly url: string,
    controlToken?: string,
  ) {
    this.http = new HttpClient(url, { headers: controlToken ? { 'x-wxmock-token': controlToken } : {} });
  }

  async messages(phone?: string): Promise<SmsMessage[]> {
    return expectOk(
      await this.http.get<{ messages: SmsMessage[] }>(`/__mock/sms/messages${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`),
      'sms messages',
    ).messages;
  }

  /** The latest code sent to `phone`, or undefined. */
  async latestCode(phone: string): Promise<string | undefined> {
    const res = await this.http.get<{ code: string }>(`/__mock/sms/code?phone=${encodeURIComponent(phone)}`);
    return res.status === 200 ? res.body.code : undefined;
  }

  /**
   * Waits for the next message to `phone` that arrives after `since` (default: now) and returns its
   * code. Long-polls the mock, so it returns as soon as the message lands.
   */
  async waitForCode(phone: string, opts: { timeoutMs?: number; since?: string } = {}): Promise<string> {
    const q = new URLSearchParams({ phone, timeoutMs: String(opts.timeoutMs ?? 10_000) });
    if (opts.since) q.set('since', opts.since);
    const res = await this.http.get<{ message: SmsMessage }>(`/__mock/sms/wait?${q}`);
    if (res.status !== 200 || !res.body.message?.code) throw new Error(`no SMS code for ${phone} within ${opts.timeoutMs ?? 10_000} ms (HTTP ${res.status})`);
    return res.body.message.code;
  }

  async clear(phone?: string): Promise<void> {
    expectOk(await this.http.delete(`/__mock/sms/messages${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`), 'clear inbox');
  }
  async fault(spec: { code?: string; message?: string; mode?: 'undelivered'; delayMs?: number; times?: number; phone?: string; provider?: string }) {
    return expectOk(await this.http.post('/__mock/faults', { endpoint: 'sendsms', ...spec }), 'sms fault');
  }
  async journal(filter: { phone?: string; since?: number | string } = {}): Promise<JournalEntry[]> {
    const q = new URLSearchParams(
      Object.entries(filter)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return expectOk(await this.http.get<{ entries: JournalEntry[] }>(`/__mock/journal?${q}`), 'sms journal').entries;
  }
  async advanceClock(seconds: number): Promise<void> {
    expectOk(await this.http.post('/__mock/clock', { advanceSeconds: seconds }), 'advance sms clock');
  }
  async setOptions(patch: Record<string, unknown>): Promise<void> {
    expectOk(await this.http.patch('/__mock/sms/options', patch), 'sms options');
  }
}
