import { coreMigrations, openDatabase, type Db } from '../core/db.ts';

/** mock-wechat's schema; append only (see core/db.ts). */
export const wechatMigrations: string[] = [
  ...coreMigrations,
  `CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL);
   CREATE TABLE apps (
     appid TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL, secret TEXT NOT NULL,
     account TEXT REFERENCES accounts(id) ON DELETE SET NULL, callback_domain TEXT, base TEXT,
     phone_free_quota INTEGER NOT NULL DEFAULT 1000, phone_price REAL NOT NULL DEFAULT 0.03, phone_call_limit INTEGER,
     ip_whitelist TEXT
   );
   CREATE TABLE personas (
     id TEXT PRIMARY KEY, nickname TEXT NOT NULL, sex INTEGER NOT NULL DEFAULT 0, province TEXT NOT NULL DEFAULT '',
     city TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT 'zh_CN', avatar TEXT,
     phone TEXT, country_code TEXT NOT NULL DEFAULT '86', risky INTEGER NOT NULL DEFAULT 0,
     openids TEXT NOT NULL DEFAULT '{}', unionids TEXT NOT NULL DEFAULT '{}', seq INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE codes (
     code TEXT PRIMARY KEY, kind TEXT NOT NULL, appid TEXT NOT NULL, persona TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '',
     created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER
   );
   CREATE TABLE sns_tokens (
     access_token TEXT PRIMARY KEY, refresh_token TEXT NOT NULL, appid TEXT NOT NULL, persona TEXT NOT NULL, scope TEXT NOT NULL,
     expires_at INTEGER NOT NULL, refresh_expires_at INTEGER NOT NULL
   );
   CREATE INDEX sns_tokens_refresh ON sns_tokens(refresh_token);
   CREATE TABLE session_keys (appid TEXT NOT NULL, persona TEXT NOT NULL, session_key TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (appid, persona));
   CREATE TABLE app_tokens (access_token TEXT PRIMARY KEY, appid TEXT NOT NULL, kind TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, forced INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX app_tokens_appid ON app_tokens(appid, kind);
   CREATE TABLE billing (appid TEXT PRIMARY KEY, calls INTEGER NOT NULL DEFAULT 0, charged_calls INTEGER NOT NULL DEFAULT 0, charged_amount REAL NOT NULL DEFAULT 0, button_taps INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE qr_sessions (
     uuid TEXT PRIMARY KEY, appid TEXT NOT NULL, redirect_uri TEXT NOT NULL, state TEXT NOT NULL DEFAULT '', scope TEXT NOT NULL,
     status TEXT NOT NULL, persona TEXT, code TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
   );
   CREATE INDEX qr_sessions_appid ON qr_sessions(appid, created_at);`,
  // JS-SDK tickets of Official Accounts (/cgi-bin/ticket/getticket): type "jsapi" or "wx_card".
  `CREATE TABLE jsapi_tickets (ticket TEXT PRIMARY KEY, appid TEXT NOT NULL, type TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX jsapi_tickets_appid ON jsapi_tickets(appid, type, created_at);`,
];

export function openWechatDb(file: string): Db {
  return openDatabase(file, wechatMigrations);
}
