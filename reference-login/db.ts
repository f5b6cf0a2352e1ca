import { coreMigrations, openDatabase, type Db } from '../core/db.ts';

/**
 * reference-login's schema; append only (see core/db.ts). Table and column names follow FastBee's
 * MySQL schema so a reader of docs/wire/fastbee.md#data-model finds the same names here. `kv` stands in for Redis.
 */
export const loginMigrations: string[] = [
  ...coreMigrations,
  `CREATE TABLE sys_user (
     user_id INTEGER PRIMARY KEY AUTOINCREMENT,
     dept_id INTEGER,
     user_name TEXT NOT NULL UNIQUE,
     nick_name TEXT NOT NULL,
     user_type TEXT NOT NULL DEFAULT '00',
     email TEXT NOT NULL DEFAULT '',
     phonenumber TEXT NOT NULL DEFAULT '',
     sex TEXT NOT NULL DEFAULT '0',
     avatar TEXT NOT NULL DEFAULT '',
     password TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT '0',
     del_flag TEXT NOT NULL DEFAULT '0',
     role_key TEXT NOT NULL DEFAULT 'general',
     login_ip TEXT NOT NULL DEFAULT '',
     login_date INTEGER,
     create_by TEXT NOT NULL DEFAULT '',
     create_time INTEGER NOT NULL,
     update_by TEXT NOT NULL DEFAULT '',
     update_time INTEGER,
     remark TEXT
   );
   CREATE INDEX sys_user_phone ON sys_user(phonenumber);
   CREATE TABLE iot_social_platform (
     social_platform_id INTEGER PRIMARY KEY AUTOINCREMENT,
     platform TEXT NOT NULL UNIQUE,
     status TEXT NOT NULL DEFAULT '0',
     client_id TEXT NOT NULL DEFAULT '',
     secret_key TEXT NOT NULL DEFAULT '',
     redirect_uri TEXT NOT NULL DEFAULT '',
     bind_uri TEXT NOT NULL DEFAULT '',
     redirect_login_uri TEXT NOT NULL DEFAULT '',
     error_msg_uri TEXT NOT NULL DEFAULT '',
     del_flag TEXT NOT NULL DEFAULT '0',
     create_by TEXT NOT NULL DEFAULT '',
     create_time INTEGER NOT NULL,
     update_by TEXT NOT NULL DEFAULT '',
     update_time INTEGER,
     remark TEXT
   );
   CREATE TABLE iot_social_user (
     social_user_id INTEGER PRIMARY KEY AUTOINCREMENT,
     uuid TEXT NOT NULL,
     source TEXT NOT NULL COLLATE NOCASE,
     access_token TEXT,
     expire_in INTEGER,
     refresh_token TEXT,
     open_id TEXT,
     union_id TEXT,
     scope TEXT,
     code TEXT,
     create_time INTEGER NOT NULL,
     create_by TEXT NOT NULL,
     update_time INTEGER,
     update_by TEXT,
     del_flag TEXT NOT NULL DEFAULT '0',
     status TEXT NOT NULL DEFAULT '0',
     sys_user_id INTEGER,
     username TEXT,
     nickname TEXT,
     avatar TEXT,
     gender INTEGER,
     source_client TEXT COLLATE NOCASE
   );
   -- Live rows only: an unbound (soft-deleted) row must not block the same WeChat user binding again.
   CREATE UNIQUE INDEX iot_social_user_unique_key ON iot_social_user(uuid, source) WHERE del_flag = '0';
   CREATE INDEX iot_social_user_openid ON iot_social_user(open_id);
   CREATE INDEX iot_social_user_unionid ON iot_social_user(union_id);
   CREATE INDEX iot_social_user_sys_user ON iot_social_user(sys_user_id);
   CREATE TABLE notify_channel (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     channel_type TEXT NOT NULL,
     provider TEXT NOT NULL,
     config_content TEXT NOT NULL,
     del_flag TEXT NOT NULL DEFAULT '0'
   );
   CREATE TABLE notify_template (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     service_code TEXT NOT NULL,
     channel_id INTEGER NOT NULL REFERENCES notify_channel(id) ON DELETE CASCADE,
     channel_type TEXT NOT NULL,
     provider TEXT NOT NULL,
     msg_params TEXT NOT NULL,
     status INTEGER NOT NULL DEFAULT 0,
     del_flag TEXT NOT NULL DEFAULT '0'
   );
   CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER);
   CREATE INDEX kv_expires ON kv(expires_at);`,
];

/** Opens (or creates) the reference login system's database. Seeding is done by the app (seed.ts). */
export function openLoginDb(file: string): Db {
  return openDatabase(file, loginMigrations);
}
