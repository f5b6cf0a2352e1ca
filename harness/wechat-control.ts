import type { App, Persona } from '../mock-wechat/world/types.ts';
import type { JournalEntry } from '../core/journal-entry.ts';
import { HttpClient } from '../core/http-client.ts';
import { expectOk } from './http.ts';

export interface QrSessionView {
  uuid: string;
  appid: string;
  redirectUri: string;
  state: string;
  scope: string;
  status: string;
  persona: string | null;
  confirmUrl: string;
  qrconnectUrl: string;
}

export interface FaultSpec {
  endpoint: string;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  delayMs?: number;
  times?: number;
  persona?: string;
  appid?: string;
}

/** Typed calls to mock-wechat's control API (/__mock/...). */
export class WechatControl {
  readonly http: HttpClient;

  constructor(
    readonly url: string,
    controlToken?: string,
  ) {
    this.http = new HttpClient(url, { headers: controlToken ? { 'x-wxmock-token': controlToken } : {} });
  }

  async app(appidOrKey: string): Promise<App> {
    return expectOk(await this.http.get<App>(`/__mock/apps/${encodeURIComponent(appidOrKey)}`), `app ${appidOrKey}`);
  }
  async updateApp(appidOrKey: string, patch: Partial<App>): Promise<App> {
    return expectOk(await this.http.patch<App>(`/__mock/apps/${encodeURIComponent(appidOrKey)}`, patch), `update app ${appidOrKey}`);
  }
  async persona(
    id: string,
  ): Promise<Persona & { ids: { openids: { appid: string; key: string; openid: string }[]; unionids: { account: string; unionid: string }[] } }> {
    return expectOk(await this.http.get(`/__mock/personas/${encodeURIComponent(id)}`), `persona ${id}`);
  }
  async createPersona(p: Partial<Persona> & { id: string }): Promise<Persona> {
    return expectOk(await this.http.post<Persona>('/__mock/personas', p), `create persona ${p.id}`);
  }
  async updatePersona(id: string, patch: Partial<Persona>): Promise<Persona> {
    return expectOk(await this.http.patch<Persona>(`/__mock/personas/${encodeURIComponent(id)}`, patch), `update persona ${id}`);
  }

  /** openid of a persona in an app (by appid or key), as the mock derives or overrides it. */
  async openid(personaId: string, appidOrKey: string): Promise<string> {
    const p = await this.persona(personaId);
    const hit = p.ids.openids.find((o) => o.appid === appidOrKey || o.key === appidOrKey);
    if (!hit) throw new Error(`no app ${appidOrKey}`);
    return hit.openid;
  }
  async unionid(personaId: string, account = 'default'): Promise<string> {
    const p = await this.persona(personaId);
    const hit = p.ids.unionids.find((u) => u.account === account);
    if (!hit) throw new Error(`no account ${account}`);
    return hit.unionid;
  }

  /** An authorization code for a persona without any client (web/mobile: sns; mini program: js). */
  async code(appidOrKey: string, persona: string, kind?: 'sns' | 'js' | 'phone'): Promise<string> {
    return expectOk(await this.http.post<{ code: string }>('/__mock/codes', { appid: appidOrKey, persona, kind }), 'mint code').code;
  }

  async sdkAuth(body: { appid: string; persona: string; state?: string; scope?: string; result?: 'ok' | 'cancel' | 'deny'; exchange?: boolean }) {
    return expectOk(
      await this.http.post<{ errCode: number; code: string; state: string; appid?: string; authResult?: Record<string, unknown> }>('/__mock/sdk/auth', body),
      'sdk auth',
    );
  }
  async miniLogin(appid: string, persona: string): Promise<string> {
    return expectOk(await this.http.post<{ code: string }>('/__mock/miniprogram/login', { appid, persona }), 'wx.login').code;
  }
  async miniPhone(appid: string, persona: string, result: 'ok' | 'deny' = 'ok') {
    return expectOk(
      await this.http.post<{ errMsg: string; code?: string; errno?: number; encryptedData?: string; iv?: string }>('/__mock/miniprogram/phone', {
        appid,
        persona,
        result,
      }),
      'getPhoneNumber',
    );
  }

  async qrSessions(appid?: string): Promise<QrSessionView[]> {
    return expectOk(
      await this.http.get<{ sessions: QrSessionView[] }>(`/__mock/qr/sessions${appid ? `?appid=${encodeURIComponent(appid)}` : ''}`),
      'qr sessions',
    ).sessions;
  }
  /** Acts on a QR session by uuid, or on the newest open one of `appid` when uuid is "latest". */
  async qr(action: 'scan' | 'confirm' | 'cancel', opts: { uuid?: string; appid?: string; persona?: string }) {
    const res = await this.http.post<{ session: QrSessionView; code?: string; redirectUrl?: string }>(
      `/__mock/qr/sessions/${opts.uuid ?? 'latest'}/${action}`,
      { appid: opts.appid, persona: opts.persona },
    );
    return expectOk(res, `qr ${action}`);
  }

  async billing(appid?: string) {
    return expectOk(
      await this.http.get<{
        billing: {
          appid: string;
          key: string;
          calls: number;
          freeUsed: number;
          freeRemaining: number;
          chargedCalls: number;
          chargedAmount: number;
          price: number;
        }[];
      }>(`/__mock/billing${appid ? `?appid=${appid}` : ''}`),
      'billing',
    ).billing;
  }

  async fault(spec: FaultSpec) {
    return expectOk(await this.http.post('/__mock/faults', spec), `fault on ${spec.endpoint}`);
  }
  async clearFaults(): Promise<void> {
    expectOk(await this.http.delete('/__mock/faults'), 'clear faults');
  }
  async journal(filter: { path?: string; appid?: string; persona?: string; since?: number | string; limit?: number } = {}): Promise<JournalEntry[]> {
    const q = new URLSearchParams(
      Object.entries(filter)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return expectOk(await this.http.get<{ entries: JournalEntry[] }>(`/__mock/journal?${q}`), 'journal').entries;
  }
  async advanceClock(seconds: number): Promise<void> {
    expectOk(await this.http.post('/__mock/clock', { advanceSeconds: seconds }), 'advance clock');
  }
  async setOptions(patch: Record<string, unknown>): Promise<void> {
    expectOk(await this.http.patch('/__mock/options', patch), 'options');
  }
  async reset(): Promise<void> {
    expectOk(await this.http.post('/__mock/reset'), 'reset');
  }
}
