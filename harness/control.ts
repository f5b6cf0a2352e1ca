/**
 * Typed clients of a sandbox that runs elsewhere (`wxmock start`, a CI service): the control APIs
 * of mock-wechat and mock-sms, and the login system's API as the apps call it. Plain HTTP, so this
 * entry loads neither SQLite, the services nor puppeteer (`wxmock/control`).
 */
export { WechatControl, type FaultSpec, type QrSessionView } from './wechat-control.ts';
export { SmsInbox, type SmsMessage } from './sms-inbox.ts';
export { WechatUser } from './wechat-user.ts';
export { MobileApp } from './mobile-app.ts';
export { MiniProgram } from './mini-program.ts';
export { FastbeeApi, classifyRedirect, type AjaxResult, type CallbackOutcome } from './targets/fastbee-api.ts';
export { HttpClient, CookieJar, type HttpResponse, type RequestOptions, type ClientOptions, type FetchApp } from '../core/http-client.ts';
export { pollUntil } from './http.ts';
export type { App, Persona } from '../mock-wechat/world/types.ts';
export type { JournalEntry } from '../core/journal-entry.ts';
