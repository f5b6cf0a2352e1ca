import { describe, expect, it } from 'vitest';
import { byTestId, eventually, notReloaded, setField, SHOWS_WITHIN, usePanel, textOf } from '../test-support.ts';

const row = (id: string, inner = '') => `${byTestId('persona-row')}[data-id="${id}"] ${inner}`;

const ui = usePanel('personas', row('zhangsan'));

describe('personas panel', () => {
  it('shows every openid per app and unionid per account side by side, and flags the standard-base unionid mismatch', async () => {
    const zs = await ui.world.wechatControl.persona('zhangsan');
    const webOpenid = zs.ids.openids.find((o) => o.key === 'web')!.openid;
    const unionDefault = zs.ids.unionids.find((u) => u.account === 'default')!.unionid;
    const unionDcloud = zs.ids.unionids.find((u) => u.account === 'dcloud')!.unionid;

    expect(await textOf(ui.page, row('zhangsan', `${byTestId('persona-openid')}[data-app="web"]`))).toContain(webOpenid);
    expect(await textOf(ui.page, row('zhangsan', `${byTestId('persona-unionid')}[data-account="default"]`))).toBe(unionDefault);
    expect(await textOf(ui.page, row('zhangsan', `${byTestId('persona-unionid')}[data-account="dcloud"]`))).toBe(unionDcloud);
    // Each app shows the unionid its logins get: the developer's for web, DCloud's for the standard base.
    const appUnionid = (app: string) =>
      ui.page.$eval(row('zhangsan', `${byTestId('persona-app-unionid')}[data-app="${app}"]`), (el) => el.getAttribute('data-unionid'));
    expect(await appUnionid('web')).toBe(unionDefault);
    expect(await appUnionid('mini')).toBe(unionDefault);
    expect(await appUnionid('mobile-standard')).toBe(unionDcloud);
    const flagged = await ui.page.$$eval(row('zhangsan', byTestId('persona-unionid-mismatch')), (els) => els.map((e) => e.getAttribute('data-app')));
    expect(flagged).toEqual(['mobile-standard']);
    // Chinese renders as text, not as escapes.
    expect(await textOf(ui.page, row('zhangsan', byTestId('persona-nickname')))).toBe('张三');
  });

  it('creates a persona from the page: the control API has it, Chinese nickname, phone and risk flag included', async () => {
    await ui.page.click(byTestId('persona-new'));
    await ui.page.waitForSelector(byTestId('persona-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('persona-form-id'), 'qa-tester');
    await setField(ui.page, byTestId('persona-form-nickname'), '测试员小明');
    await ui.page.select(byTestId('persona-form-sex'), '2');
    await setField(ui.page, byTestId('persona-form-phone'), '13500135000');
    await ui.page.click(byTestId('persona-form-risky'));
    await ui.page.click(byTestId('persona-form-save'));

    const p = await eventually('persona created', async () => {
      const res = await ui.world.wechatControl.http.get('/__mock/personas/qa-tester');
      return res.status === 200 ? res.body : undefined;
    });
    expect(p).toMatchObject({ id: 'qa-tester', nickname: '测试员小明', sex: 2, phone: '13500135000', countryCode: '86', risky: true });
    await ui.page.waitForSelector(row('qa-tester', `${byTestId('persona-risk')}[data-risky="true"]`), SHOWS_WITHIN);
  });

  it('edits a persona from the page: a pinned unionid and openid reach the API and change the ids shown', async () => {
    const pinnedUnionid = 'oPastedFromBugReport0000000001';
    const pinnedOpenid = 'oPinnedWebOpenid00000000000001';
    await ui.page.click(row('lisi', byTestId('persona-edit')));
    await ui.page.waitForSelector(byTestId('persona-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('persona-form-unionid-default'), pinnedUnionid);
    await setField(ui.page, byTestId('persona-form-openid-wx3a1c5e7f9b2d4680'), pinnedOpenid);
    await setField(ui.page, byTestId('persona-form-phone'), '');
    await setField(ui.page, byTestId('persona-form-nickname'), '李四（已改）');
    await ui.page.click(byTestId('persona-form-save'));

    const lisi = await eventually('persona updated', async () => {
      const p = await ui.world.wechatControl.persona('lisi');
      return p.unionids.default === pinnedUnionid ? p : undefined;
    });
    expect(lisi).toMatchObject({ nickname: '李四（已改）', phone: null, openids: { wx3a1c5e7f9b2d4680: pinnedOpenid } });
    await ui.page.waitForFunction(
      (sel, want) => document.querySelector(sel)?.textContent === want,
      SHOWS_WITHIN,
      row('lisi', `${byTestId('persona-unionid')}[data-account="default"]`),
      pinnedUnionid,
    );
    expect(await textOf(ui.page, row('lisi', `${byTestId('persona-openid')}[data-app="web"]`))).toContain(pinnedOpenid);
  });

  it('refuses a bad edit with the control API message, and changes nothing', async () => {
    await ui.page.click(row('wangwu', byTestId('persona-edit')));
    await ui.page.waitForSelector(byTestId('persona-form'), SHOWS_WITHIN);
    await setField(ui.page, byTestId('persona-form-phone'), '12ab');
    await ui.page.click(byTestId('persona-form-save'));
    await ui.page.waitForFunction((sel) => !!document.querySelector(sel)?.textContent, SHOWS_WITHIN, byTestId('persona-form-error'));
    expect(await textOf(ui.page, byTestId('persona-form-error'))).toContain('phone');
    expect((await ui.world.wechatControl.persona('wangwu')).phone).toBeNull();
  });

  it('shows a persona created, changed or deleted through the control API without a reload', async () => {
    await ui.world.wechatControl.createPersona({ id: 'from-api', nickname: '接口创建的用户', phone: '13300133000' });
    await ui.page.waitForSelector(row('from-api'), SHOWS_WITHIN);
    expect(await textOf(ui.page, row('from-api', byTestId('persona-nickname')))).toBe('接口创建的用户');

    await ui.world.wechatControl.updatePersona('from-api', { risky: true });
    await ui.page.waitForSelector(row('from-api', `${byTestId('persona-risk')}[data-risky="true"]`), SHOWS_WITHIN);

    await ui.world.wechatControl.http.delete('/__mock/personas/zhaoliu');
    await ui.page.waitForFunction((sel) => !document.querySelector(sel), SHOWS_WITHIN, row('zhaoliu'));
    expect(await notReloaded(ui.page)).toBe(true);
  });

  it('deletes a persona from the page', async () => {
    await ui.page.click(row('wangwu', byTestId('persona-delete')));
    await eventually('persona deleted', async () => (await ui.world.wechatControl.http.get('/__mock/personas/wangwu')).status === 404);
  });
});
