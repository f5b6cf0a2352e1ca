import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { ScenarioContext } from '../harness/scenario.ts';
import type { AjaxResult, CallbackOutcome } from '../harness/targets/fastbee-api.ts';

/**
 * A web QR login without a browser, the way the browser would do it: the target's render
 * redirect, the QR page opened (so WeChat has a QR session), the persona scans and confirms on
 * the phone, the browser follows WeChat's redirect to the target's callback.
 */
export async function webLoginViaApi(
  s: ScenarioContext,
  persona: string,
  api = s.target.api,
): Promise<{ outcome: CallbackOutcome; state?: string; code?: string }> {
  const render = await api.renderWebLogin();
  expect(render.qrconnectUrl, 'the target redirects to WeChat qrconnect').toBeTruthy();
  const page = await s.wechat.http.get(render.qrconnectUrl!.replace(/^https?:\/\/[^/]+/, s.wechatUrl));
  expect(page.status).toBe(200);
  const confirmed = await s.user(persona).confirm(render.appid!);
  const back = new URL(confirmed.redirectUrl!);
  const code = back.searchParams.get('code') ?? undefined;
  const state = back.searchParams.get('state') ?? undefined;
  const { outcome } = await api.callback({ code, state });
  return { outcome, state, code };
}

/** The login page's handling of ?loginId=: the token for a loginId outcome. */
export async function tokenFrom(s: ScenarioContext, outcome: CallbackOutcome): Promise<string> {
  expect(outcome.kind, `callback outcome ${JSON.stringify(outcome)}`).toBe('loginId');
  const r = await s.target.api.loginById((outcome as { loginId: string }).loginId);
  expect(r.code, JSON.stringify(r)).toBe(200);
  return r.token!;
}

/** The user a token signs in, by the target's profile endpoint. */
export async function userOf(s: ScenarioContext, token: string): Promise<{ userName: string; phonenumber?: string; wxBind?: boolean; raw: AjaxResult }> {
  const r = await s.target.api.profile(token);
  expect(r.code, JSON.stringify(r)).toBe(200);
  return { userName: r.data.userName, phonenumber: r.data.phonenumber, wxBind: r.wxBind as boolean | undefined, raw: r };
}

/** Binds a persona's WeChat (web QR) to the admin account: the common precondition of many flows. */
export async function bindPersonaToAdmin(s: ScenarioContext, persona: string): Promise<string> {
  const { outcome } = await webLoginViaApi(s, persona);
  expect(outcome.kind).toBe('bindId');
  const bound = await s.target.api.bindLogin({
    bindId: (outcome as { bindId: string }).bindId,
    username: s.target.admin.username,
    password: s.target.admin.password,
  });
  expect(bound.code, JSON.stringify(bound)).toBe(200);
  return bound.token!;
}

/** In the browser: the login page, the WeChat button, the dev panel as `persona`; back on the target. */
export async function browserWechatLogin(s: ScenarioContext, page: Page, persona: string): Promise<void> {
  await s.step('open the login page', () => s.target.pages.openLogin(page));
  await s.step('click WeChat login: the WeChat QR page shows', () => s.target.pages.startWechatLogin(page));
  await s.step(`${persona} scans and confirms (sandbox dev panel)`, async () => {
    const back = page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 });
    await s.user(persona).confirmInPage(page);
    await back;
  });
}

/** Asks the target to send an SMS code and reads it from the mock's inbox. */
export async function smsCodeFor(s: ScenarioContext, phone: string): Promise<string> {
  const since = new Date(Date.now() - 1).toISOString();
  const sent = await s.target.api.sendSmsLoginCode(phone);
  expect(sent.code, JSON.stringify(sent)).toBe(200);
  return s.sms.waitForCode(phone, { since, timeoutMs: 10_000 });
}
