import { randomBytes } from 'node:crypto';
import type { Kv } from './kv.ts';

/** Lifetimes FastBee gives its Redis keys (docs/wire/fastbee.md#key-lifetimes). */
export const TTL = { state: 180, bindId: 3600, loginId: 60, errorMsg: 60, wxBind: 300 } as const;

/** What a bindId stands for: the pending social row (FastBee keeps BindIdValue{uuid, source}). */
export interface BindIdValue {
  uuid: string;
  source: string;
  socialUserId: number;
}

/** What a loginId stands for. FastBee keeps the user name and password hash; the account id is enough here. */
export interface LoginIdValue {
  userId: number;
  username: string;
}

/**
 * 32 lowercase hex characters, the shape of FastBee's md5-based ids, but random: FastBee's bindId is
 * md5(openid + source), the same for a WeChat user every time, so anyone who learns it can reuse it.
 */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export const keys = {
  bind: (id: string) => `login:bind:user:${id}`,
  login: (id: string) => `login:social:user:${id}`,
  error: (id: string) => `login:error:msg:${id}`,
  wxBind: (id: string) => `wx:bind:user:${id}`,
  state: (state: string) => `auth:state:${state}`,
};

export function genBindId(kv: Kv, v: BindIdValue): string {
  const id = newId();
  kv.set(keys.bind(id), v, TTL.bindId);
  return id;
}

export function genLoginId(kv: Kv, v: LoginIdValue): string {
  const id = newId();
  kv.set(keys.login(id), v, TTL.loginId);
  return id;
}

/** genErrorId: a message parked for the frontend to fetch (also carries user-centre bind results). */
export function genErrorId(kv: Kv, msg: string): string {
  const id = newId();
  kv.set(keys.error(id), msg, TTL.errorMsg);
  return id;
}
