import { describe, expect, it } from 'vitest';
import { byTestId, eventually, MINI_APPID, MINI_SECRET, notReloaded, setField, SHOWS_WITHIN, usePanel, textOf, WEB_SECRET } from '../test-support.ts';

const appRow = (key: string, inner = '') => `${byTestId('app-row')}[data-key="${key}"] ${inner}`;

/** A mini program backend reading a user's phone number: app token, then getuserphonenumber (billed per call). */
async function readPhoneNumber(persona: string): Promise<void> {
  const http = ui.world.wechatControl.http;
  const token = (await http.get<{ access_token: string }>(`/cgi-bin/token?grant_type=client_credential&appid=${MINI_APPID}&secret=${MINI_SECRET}`)).body;
  const code = await ui.world.wechatControl.code('mini', persona, 'phone');
  const res = (await http.post<{ errcode: number }>(`/wxa/business/getuserphonenumber?access_token=${token.access_token}`, { code })).body;
  expect(res.errcode).toBe(0);
}

const ui = usePanel('apps', appRow('web'));

describe('apps and accounts panel', () => {
  it('lists appid, account, callback domain and base; the secret stays masked until a click reveals it', async () => {
    expect(await textOf(ui.page, appRow('web', byTestId('app-appid')))).toBe('wx3a1c5e7f9b2d4680');
    expect(await textOf(ui.page, appRow('web', byTestId('app-callback-domain')))).toBe('127.0.0.1');
    expect(await textOf(ui.page, appRow('mobile-standard', byTestId('app-base')))).toContain('standard');
    expect(await textOf(ui.page, appRow('web', byTestId('app-account')))).toBe('default');
    // The Official Account: bound to the same account (one unionid with the website), its 网页授权域名.
    expect(await textOf(ui.page, appRow('official', byTestId('app-appid')))).toBe('wx3a1c5e7f9b2d4685');
    expect(await textOf(ui.page, appRow('official', 'td:nth-child(2)'))).toBe('公众号');
    expect(await textOf(ui.page, appRow('official', byTestId('app-account')))).toBe('default');
    expect(await textOf(ui.page, appRow('official', byTestId('app-callback-domain')))).toBe('127.0.0.1');

    expect(await ui.page.evaluate(() => document.body.innerText)).not.toContain(WEB_SECRET);
    await ui.page.click(appRow('web', byTestId('app-secret-reveal')));
    expect(await textOf(ui.page, appRow('web', byTestId('app-secret')))).toBe(WEB_SECRET);
    // Only the clicked app's secret is shown.
    expect(await ui.page.$eval(appRow('mini', byTestId('app-secret')), (el) => el.getAttribute('data-revealed'))).toBe('false');
  });

  it('edits an app from the page: callback domain, base and phone quota reach the control API', async () => {
    await ui.page.click(appRow('web', byTestId('app-edit')));
    await ui.page.waitForSelector(byTestId('app-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('app-form-callbackDomain'), 'login.example.cn');
    await ui.page.click(byTestId('app-form-save'));
    await eventually('callback domain changed', async () => (await ui.world.wechatControl.app('web')).callbackDomain === 'login.example.cn');
    await ui.page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === 'login.example.cn',
      SHOWS_WITHIN,
      appRow('web', byTestId('app-callback-domain')),
    );

    await ui.page.click(appRow('mobile', byTestId('app-edit')));
    await ui.page.waitForSelector(byTestId('app-form'), SHOWS_WITHIN);
    await ui.page.select(byTestId('app-form-base'), 'standard');
    await ui.page.click(byTestId('app-form-save'));
    await eventually('base changed', async () => (await ui.world.wechatControl.app('mobile')).base === 'standard');

    await ui.page.click(appRow('mini', byTestId('app-edit')));
    await ui.page.waitForSelector(byTestId('app-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('app-form-phoneFreeQuota'), '0');
    await ui.page.click(byTestId('app-form-save'));
    await eventually('free quota changed', async () => (await ui.world.wechatControl.app('mini')).phoneFreeQuota === 0);
    // The secret was left blank: it must not have changed.
    expect((await ui.world.wechatControl.app('mini')).secret).toBe(MINI_SECRET);
  });

  it('creates an app and an Open Platform account from the page', async () => {
    await ui.page.click(byTestId('account-new'));
    await ui.page.waitForSelector(byTestId('account-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('account-form-id'), 'acme');
    await setField(ui.page, byTestId('account-form-name'), '某某科技有限公司');
    await ui.page.click(byTestId('account-form-save'));
    await eventually('account created', async () => (await ui.world.wechatControl.http.get('/__mock/accounts/acme')).body?.name === '某某科技有限公司');
    await ui.page.waitForSelector(`${byTestId('account-row')}[data-id="acme"]`, SHOWS_WITHIN);

    await ui.page.click(byTestId('app-new'));
    await ui.page.waitForSelector(byTestId('app-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('app-form-appid'), 'wx00000000000000aa');
    await setField(ui.page, byTestId('app-form-key'), 'acme-web');
    await setField(ui.page, byTestId('app-form-name'), '某某官网');
    await ui.page.select(byTestId('app-form-account'), 'acme');
    await ui.page.click(byTestId('app-form-save'));
    const app = await eventually('app created', async () => {
      const res = await ui.world.wechatControl.http.get('/__mock/apps/acme-web');
      return res.status === 200 ? res.body : undefined;
    });
    expect(app).toMatchObject({ appid: 'wx00000000000000aa', type: 'web', account: 'acme', name: '某某官网' });
    expect(app.secret).toMatch(/^[0-9a-f]{32}$/);
  });

  it('shows phone-number billing as a mini program backend uses it, without a reload', async () => {
    await ui.world.wechatControl.updateApp('mini', { phoneFreeQuota: 1 });
    await readPhoneNumber('zhangsan');
    await ui.page.waitForSelector(appRow('mini', `${byTestId('app-billing')}[data-calls="1"][data-free-used="1"]`), SHOWS_WITHIN);
    await readPhoneNumber('lisi');
    await ui.page.waitForSelector(appRow('mini', `${byTestId('app-billing')}[data-calls="2"][data-charged-calls="1"]`), SHOWS_WITHIN);
    expect(await textOf(ui.page, appRow('mini', byTestId('app-billing-amount')))).toBe('¥0.03');
    expect(await notReloaded(ui.page)).toBe(true);
  });

  it('shows an app changed through the control API without a reload', async () => {
    await ui.world.wechatControl.updateApp('web-bind', { callbackDomain: 'bind.example.cn', account: null });
    await ui.page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === 'bind.example.cn',
      SHOWS_WITHIN,
      appRow('web-bind', byTestId('app-callback-domain')),
    );
    expect(await textOf(ui.page, appRow('web-bind', byTestId('app-account')))).toBe('未绑定');
    expect(await notReloaded(ui.page)).toBe(true);
  });
});
