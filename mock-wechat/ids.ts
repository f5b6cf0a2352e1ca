import { createHmac, randomFillSync } from 'node:crypto';
import { BoundedMap } from '../core/bounded-map.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALNUM}-_`;

function digest(seed: string, ...parts: string[]): Buffer {
  return createHmac('sha256', seed).update(parts.join('\u0000')).digest();
}

function fromBytes(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length]! % alphabet.length];
  return out;
}

/** Ids are derived on every API call (three HMACs each) from a few personas and apps: remember them. */
const derived = new BoundedMap<string, string>(10_000);

/**
 * A 28-character id shaped like WeChat's: "o", then 5 characters shared by every id of the same
 * namespace (real openids of one app share a prefix), then 22 characters for the user.
 */
function shapedId(seed: string, namespace: string, user: string): string {
  const key = `${seed}\u0000${namespace}\u0000${user}`;
  let id = derived.get(key);
  if (id === undefined) {
    const ns = fromBytes(digest(seed, 'ns', namespace), URLSAFE, 5);
    const u = fromBytes(Buffer.concat([digest(seed, 'user', namespace, user), digest(seed, 'user2', namespace, user)]), URLSAFE, 22);
    id = `o${ns}${u}`;
    derived.set(key, id);
  }
  return id;
}

/** openid: one per (persona, appid), stable for a world seed. */
export function deriveOpenid(seed: string, personaId: string, appid: string): string {
  return shapedId(seed, `app:${appid}`, personaId);
}

/** unionid: one per (persona, Open Platform account), stable for a world seed. */
export function deriveUnionid(seed: string, personaId: string, accountId: string): string {
  return shapedId(seed, `account:${accountId}`, personaId);
}

/**
 * Random bytes from a pool refilled 4 KiB at a time: issuing a token takes four draws, and one
 * system call per draw was a tenth of its cost. Callers read the bytes at once (the pool moves on).
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

function random(alphabet: string, length: number): string {
  return fromBytes(randomBytes(length), alphabet, length);
}

/** Authorization code (web, mobile, wx.login): 32 characters, like 0610Xey313BXSQ15G6v31H6wy310Xeyv. */
export function newAuthCode(): string {
  return random(ALNUM, 32);
}

/** getPhoneNumber code: 64 hex characters. */
export function newPhoneCode(): string {
  return randomBytes(32).toString('hex');
}

/** User or app access token: "NN_" then opaque characters; sns tokens are 84 long, app tokens longer. */
export function newAccessToken(kind: 'sns' | 'app'): string {
  const prefix = String(60 + (randomBytes(1)[0]! % 30));
  return `${prefix}_${random(URLSAFE, kind === 'sns' ? 81 : 133)}`;
}

export function newRefreshToken(): string {
  return `${String(20 + (randomBytes(1)[0]! % 10))}_${random(URLSAFE, 81)}`;
}

/** JS-SDK ticket (jsapi_ticket, wx_card api_ticket): 86 URL-safe characters, like the documented sample. */
export function newJsapiTicket(): string {
  return random(URLSAFE, 86);
}

/** session_key: base64 of 16 random bytes (24 characters ending in "=="). */
export function newSessionKey(): string {
  return randomBytes(16).toString('base64');
}

/** QR-page uuid: 16 characters. */
export function newQrUuid(): string {
  return random(ALNUM, 16);
}
