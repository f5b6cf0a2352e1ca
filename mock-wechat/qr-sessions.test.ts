import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockWechat, type MockWechat } from './app.ts';
import { qrSessions, type QrSessions } from './qr-sessions.ts';

const WEB = 'wx3a1c5e7f9b2d4680';

describe('qrSessions store', () => {
  let mock: MockWechat;
  let store: QrSessions;
  const open = () => store.create({ appid: WEB, redirectUri: 'http://127.0.0.1/cb', state: 's', scope: 'snsapi_login' });

  beforeEach(() => {
    mock = createMockWechat();
    store = qrSessions(mock.ctx);
  });
  afterEach(() => mock.close());

  it('is one store per mock instance', () => {
    expect(qrSessions(mock.ctx)).toBe(store);
    const other = createMockWechat();
    expect(qrSessions(other.ctx)).not.toBe(store);
    other.close();
  });

  it('creates a waiting session with a 16-character uuid and the configured lifetime', () => {
    const s = open();
    expect(s.uuid).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(s.status).toBe('waiting');
    expect(s.expiresAt - s.createdAt).toBe(mock.ctx.options.get().qrTtlSeconds * 1000);
  });

  it('holds a wait until the hold time passes, then answers the unchanged session', async () => {
    const s = open();
    const started = Date.now();
    const r = await store.waitForChange(s.uuid, 'waiting', 150);
    expect(r?.status).toBe('waiting');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers at once when the status already differs from the last one seen', async () => {
    const s = open();
    const r = await store.waitForChange(s.uuid, 'scanned', 60_000);
    expect(r?.status).toBe('waiting');
  });

  it('wakes a held wait the moment the session is scanned, then confirmed', async () => {
    const s = open();
    const scanned = store.waitForChange(s.uuid, 'waiting', 60_000);
    store.scan(s.uuid, 'lisi');
    expect((await scanned)?.status).toBe('scanned');
    const confirmed = store.waitForChange(s.uuid, 'scanned', 60_000);
    store.confirm(s.uuid);
    const done = await confirmed;
    expect(done?.status).toBe('confirmed');
    expect(done?.persona).toBe('lisi');
    // The code is a real single-use sns code for the session's app.
    expect(mock.ctx.grants.redeemCode('sns', WEB, done!.code!)).toMatchObject({ ok: true, row: { persona: 'lisi', scope: 'snsapi_login' } });
    expect(mock.ctx.grants.redeemCode('sns', WEB, done!.code!)).toEqual({ ok: false, errcode: 40163 });
  });

  it('wakes a held wait when the session expires (real time, short lifetime)', async () => {
    expect(mock.ctx.options.patch({ qrTtlSeconds: 0.2 })).toBeUndefined();
    const s = open();
    const started = Date.now();
    const r = await store.waitForChange(s.uuid, 'waiting', 20_000);
    expect(r?.status).toBe('expired');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('expires by the mock clock and refuses transitions afterwards', () => {
    const s = open();
    mock.ctx.clock.advance(mock.ctx.options.get().qrTtlSeconds * 1000);
    expect(store.get(s.uuid)?.status).toBe('expired');
    expect(() => store.scan(s.uuid)).toThrow(expect.objectContaining({ status: 409, code: 'wrong_state' }));
    expect(() => store.confirm(s.uuid, 'lisi')).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('resolves undefined when the poller goes away, and for an unknown uuid', async () => {
    const s = open();
    const ac = new AbortController();
    const held = store.waitForChange(s.uuid, 'waiting', 60_000, ac.signal);
    ac.abort();
    expect(await held).toBeUndefined();
    expect(await store.waitForChange('NoSuchUuid000000', 'waiting', 60_000)).toBeUndefined();
  });

  it('refuses a second ending and unknown personas, and keeps the first outcome', () => {
    const s = open();
    expect(() => store.confirm(s.uuid)).toThrow(expect.objectContaining({ status: 404, code: 'unknown_persona' }));
    expect(() => store.confirm(s.uuid, 'nobody')).toThrow(expect.objectContaining({ status: 404, code: 'unknown_persona' }));
    store.cancel(s.uuid);
    expect(() => store.confirm(s.uuid, 'lisi')).toThrow(expect.objectContaining({ status: 409, code: 'wrong_state' }));
    expect(store.get(s.uuid)).toMatchObject({ status: 'cancelled', code: null });
    expect(() => store.scan('NoSuchUuid000000')).toThrow(expect.objectContaining({ status: 404, code: 'unknown_session' }));
  });

  it('latest is the newest open session, per app or overall', () => {
    const a = open();
    const b = open();
    const other = store.create({ appid: 'wx3a1c5e7f9b2d4681', redirectUri: 'http://127.0.0.1/cb', state: '', scope: 'snsapi_login' });
    expect(store.latest(WEB)?.uuid).toBe(b.uuid);
    expect(store.latest()?.uuid).toBe(other.uuid);
    store.confirm(b.uuid, 'lisi');
    expect(store.latest(WEB)?.uuid).toBe(a.uuid);
    store.cancel(a.uuid);
    expect(store.latest(WEB)).toBeUndefined();
    expect(store.list({ appid: WEB }).map((s) => s.status)).toEqual(['confirmed', 'cancelled']);
  });
});
