import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MSG } from './messages.ts';
import { ADMIN, startLoginWorld, type LoginWorld } from './test-support.ts';

/**
 * Counters and checks that span an await (scrypt, an SMS send, a call to WeChat) under concurrent
 * requests over real HTTP: each must hold as it holds for requests one after another.
 */
let w: LoginWorld;
beforeAll(async () => {
  w = await startLoginWorld();
});
afterAll(async () => {
  await w?.stop();
});
beforeEach(async () => {
  w.login.reset();
  await w.smsHttp.post('/__mock/reset');
  await w.wechatHttp.post('/__mock/reset');
});

const all = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

describe('password lockout under concurrency', () => {
  it('30 concurrent wrong passwords lock the account, and the right password is then refused', async () => {
    const answers = await all(30, () => w.browser().post('/login', { username: ADMIN.userName, password: `wrong-${Math.random()}`.slice(0, 20) }));
    const msgs = answers.map((a) => a.body.msg as string);
    // At most five may be judged before the lock; every other one meets the lock.
    expect(msgs.filter((m) => m === MSG.userPasswordNotMatch).length).toBeLessThanOrEqual(5);
    expect(msgs.filter((m) => m === MSG.retryLimitExceed(5, 10)).length).toBeGreaterThanOrEqual(25);
    expect((await w.browser().post('/login', { username: ADMIN.userName, password: ADMIN.password })).body).toEqual({
      code: 500,
      msg: MSG.retryLimitExceed(5, 10),
    });
  });

  it('the same holds for the password check of bind/login', async () => {
    const outcome = await w.webLogin(w.browser(), 'lisi');
    expect(outcome.kind).toBe('bindId');
    const answers = await all(20, () => w.browser().post('/auth/bind/login', { bindId: outcome.id, username: ADMIN.userName, password: 'not-the-password' }));
    expect(answers.filter((a) => a.body.msg === MSG.passwordWrong).length).toBeLessThanOrEqual(5);
    expect((await w.browser().post('/login', { username: ADMIN.userName, password: ADMIN.password })).body.msg).toBe(MSG.retryLimitExceed(5, 10));
  });
});

describe('SMS codes under concurrency', () => {
  it('ten concurrent requests for a code to one phone send one SMS; the others meet the resend cooldown', async () => {
    const phone = '13700137000';
    const answers = await all(10, () => w.browser().get(`/notify/smsLoginCaptcha?phoneNumber=${phone}`));
    expect(answers.filter((a) => a.body.code === 200).length).toBe(1);
    expect(answers.filter((a) => a.body.msg === MSG.smsTooFrequent).length).toBe(9);
    const inbox = (await w.smsHttp.get(`/__mock/sms/messages?phone=${phone}`)).body;
    expect(inbox.messages).toHaveLength(1);
  });

  it('30 concurrent wrong guesses spend the code: the right code is then refused', async () => {
    const phone = '13700137001';
    expect((await w.browser().get(`/notify/smsLoginCaptcha?phoneNumber=${phone}`)).body.code).toBe(200);
    const code = (await w.smsCode(phone))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = await all(30, () => w.browser().post('/auth/sms/login', { phonenumber: phone, smsCode: wrong }));
    expect(answers.filter((a) => a.body.msg === MSG.smsCodeWrong).length).toBeLessThanOrEqual(5);
    expect((await w.browser().post('/auth/sms/login', { phonenumber: phone, smsCode: code })).body).toEqual({ code: 500, msg: MSG.smsCodeExpired });
  });
});

describe('binding under concurrency', () => {
  it('two user-centre QR binds of one account at once bind one WeChat user, not two', async () => {
    const b = w.browser();
    const token = await w.adminToken(b);
    const callbacks = await all(2, async (i) => {
      const qr = await b.get('/wechat/getWxBindQr', { token });
      const u = new URL(qr.body.data.redirectUri);
      u.searchParams.set('code', await w.code(['zhangsan', 'lisi'][i]!, 'web-bind'));
      u.searchParams.set('state', qr.body.data.state);
      return u.pathname + u.search;
    });
    const answers = await Promise.all(callbacks.map((path) => b.get(path)));
    const msgs = await Promise.all(
      answers.map(async (a) => (await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${new URL(a.location!).searchParams.get('wxBindMsgId')}`, { token })).body.msg),
    );
    expect(msgs.sort()).toEqual([MSG.bindSuccess, MSG.wxBindAlreadyBound].sort());
    const profile = await b.get('/system/user/profile', { token });
    expect(profile.body.socialGroup).toHaveLength(1);
  });

  it('two register-and-binds with one bindId create one account', async () => {
    const outcome = await w.webLogin(w.browser(), 'lisi');
    expect(outcome.kind).toBe('bindId');
    const answers = await all(2, (i) =>
      w.browser().post('/auth/bind/register', { bindId: outcome.id, username: `racer${i}`, password: 'secret-1', phonenumber: '' }),
    );
    expect(answers.filter((a) => a.body.code === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.msg === MSG.bindIdExpired)).toHaveLength(1);
    const names = ['racer0', 'racer1'].filter((n) => w.login.ctx.users.byName(n));
    expect(names).toHaveLength(1);
  });

  it('two registrations with one phone number at once create one account with it', async () => {
    const ids = await all(2, async (i) => (await w.webLogin(w.browser(), ['zhangsan', 'lisi'][i]!)).id);
    const answers = await all(2, (i) =>
      w.browser().post('/auth/bind/register', { bindId: ids[i], username: `phone${i}`, password: 'secret-1', phonenumber: '13600136000' }),
    );
    expect(answers.filter((a) => a.body.code === 200)).toHaveLength(1);
    expect(answers.map((a) => a.body.msg)).toContain(MSG.phoneTaken(answers.find((a) => a.body.code !== 200) === answers[0] ? 'phone0' : 'phone1'));
  });
});

describe('the app token cache under concurrency', () => {
  it('five concurrent mini-program logins with an empty cache fetch one app token', async () => {
    const codes = await all(5, async () => ({ phoneCode: await w.code('zhangsan', 'mini', 'phone'), code: await w.code('zhangsan', 'mini', 'js') }));
    const answers = await Promise.all(codes.map((body) => w.browser().post('/wechat/miniLogin', body)));
    expect(answers.map((a) => a.body.code)).toEqual([200, 200, 200, 200, 200]);
    const journal = (await w.wechatHttp.get('/__mock/journal?path=/cgi-bin/token')).body;
    expect(journal.entries).toHaveLength(1);
    // One account for the phone, however many logins created it at once.
    expect(w.login.ctx.db.prepare("SELECT COUNT(*) AS n FROM sys_user WHERE phonenumber = '13800138000'").get()).toEqual({ n: 1 });
  });
});
