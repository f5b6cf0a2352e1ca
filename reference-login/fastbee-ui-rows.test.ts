import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReferenceLogin, type ReferenceLogin } from './app.ts';

const UI = 'http://127.0.0.1:7706';
const base = { wechatApiBase: 'http://127.0.0.1:9', wechatOpenBase: 'http://127.0.0.1:9', smsEndpoint: '127.0.0.1:9' };
const open: ReferenceLogin[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(dbFile: string, fastbeeUiUrl?: string): ReferenceLogin {
  const l = createReferenceLogin({ ...base, dbFile, fastbeeUiUrl });
  open.push(l);
  return l;
}
const stop = (l: ReferenceLogin) => {
  open.splice(open.indexOf(l), 1);
  l.close();
};
const web = (l: ReferenceLogin) => l.ctx.platforms.get('wechat_open_web')!;
const bind = (l: ReferenceLogin) => l.ctx.platforms.get('wechat_open_web_bind')!;

describe('the WeChat web rows with a FastBee UI in front', () => {
  it('point at the UI (callbacks through /prod-api/, ids to its /login and /user/profile) and the UI is an allowed redirect origin', () => {
    const l = start(':memory:', UI);
    expect(web(l)).toMatchObject({
      redirectUri: `${UI}/prod-api/auth/callback/wechat_open_web`,
      bindUri: `${UI}/login?bindId=`,
      redirectLoginUri: `${UI}/login?loginId=`,
      errorMsgUri: `${UI}/login?errorId=`,
    });
    expect(bind(l)).toMatchObject({ redirectUri: `${UI}/prod-api/wechat/wxBind/callback?wxBindId=`, redirectLoginUri: `${UI}/user/profile?wxBindMsgId=` });
    expect(l.ctx.redirects.target(web(l).bindUri)).toBe(`${UI}/login?bindId=`);
    expect(l.ctx.redirects.allowed('http://127.0.0.1:7799/login')).toBe(false);
    l.reset();
    expect(web(l).redirectUri).toBe(`${UI}/prod-api/auth/callback/wechat_open_web`);
  });

  it('a later start without the UI puts the own pages back; rows changed meanwhile stay as they are', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmock-rows-'));
    dirs.push(dir);
    const file = join(dir, 'login.db');
    const seeded = start(file);
    const own = { web: { ...web(seeded) }, bind: { ...bind(seeded) } };
    stop(seeded);

    stop(start(file, UI));
    const back = start(file);
    expect(web(back)).toMatchObject({
      redirectUri: own.web.redirectUri,
      bindUri: own.web.bindUri,
      redirectLoginUri: own.web.redirectLoginUri,
      errorMsgUri: own.web.errorMsgUri,
    });
    expect(bind(back).redirectLoginUri).toBe(own.bind.redirectLoginUri);
    stop(back);

    const withUi = start(file, UI);
    withUi.ctx.platforms.update(web(withUi).socialPlatformId, { bindUri: `${UI}/bind?bindId=` }, 'admin', 0);
    stop(withUi);
    const edited = start(file);
    expect(web(edited).bindUri).toBe(`${UI}/bind?bindId=`);
    stop(edited);
    // A UI on another port after a UI start: the rows follow, and the own pages still come back after.
    stop(start(file, 'http://127.0.0.1:7705'));
    stop(start(file, UI));
    expect(web(start(file)).bindUri).toBe(`${UI}/bind?bindId=`);
  });
});
