/**
 * Browser-side helpers every page script starts with. Like FastBee's Vue client: the token lives in
 * the cookie Admin-Token (js-cookie), API calls send it as `Authorization: Bearer`.
 */
import { localPath } from '../../core/local-path.ts';

/** FastBee's AjaxResult as the pages read it: code, msg, and the fields some endpoints add. */
export interface Ajax<D = unknown> {
  code: number;
  msg?: string;
  data?: D;
  token?: string;
  /** /captchaImage */
  captchaEnabled?: boolean;
  uuid?: string;
  img?: string;
  /** /auth/checkBindId */
  bindAccount?: unknown;
}

export function $<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.querySelector<T>(`[data-testid="${id}"]`);
}
export function getToken(): string {
  var m = document.cookie.match(/(?:^|;\s*)Admin-Token=([^;]*)/);
  return m ? decodeURIComponent(m[1]!) : '';
}
export function setToken(t: string): void {
  document.cookie = `Admin-Token=${encodeURIComponent(t)}; path=/; SameSite=Lax`;
}
export function removeToken(): void {
  document.cookie = 'Admin-Token=; path=/; max-age=0; SameSite=Lax';
}
export function api<D = unknown>(method: string, path: string, body?: unknown): Promise<Ajax<D>> {
  var headers: Record<string, string> = { language: 'zh-CN' };
  var token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json;charset=utf-8';
  return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
    .then((r) => r.json())
    .catch(() => ({ code: 500, msg: '网络错误，请稍后重试' }));
}
export function show(el: HTMLElement | null, text: string | undefined, kind?: 'error' | 'info'): void {
  if (!el) return;
  el.textContent = text ?? null;
  el.className = `msg ${kind || 'error'}`;
  el.hidden = false;
}
export function hide(el: HTMLElement | null): void {
  if (el) el.hidden = true;
}

/** Same-origin paths only: ?redirect= must not send a freshly logged-in user elsewhere (the server's own rule, one implementation). */
export { localPath };
// A global of every page, as it always was: tests apply the page's own copy in Chromium.
(window as unknown as { localPath: typeof localPath }).localPath = localPath;

/** The options a page's script tag carries as data- attributes (pages/layout.tsx). */
export function pageData(): DOMStringMap {
  var script = document.currentScript as HTMLScriptElement | null;
  return script ? script.dataset : {};
}
