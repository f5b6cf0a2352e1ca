import { coreMigrations, openDatabase, type Db } from '../core/db.ts';

/** mock-sms's schema; append only (see core/db.ts). */
export const smsMigrations: string[] = [
  ...coreMigrations,
  `CREATE TABLE sms_keys (
     key_id TEXT PRIMARY KEY, provider TEXT NOT NULL, secret TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active',
     sdk_app_ids TEXT NOT NULL DEFAULT '[]', label TEXT NOT NULL DEFAULT ''
   );
   CREATE TABLE sms_signs (provider TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'approved', PRIMARY KEY (provider, name));
   CREATE TABLE sms_templates (
     provider TEXT NOT NULL, template_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT 'verification',
     text TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'approved', PRIMARY KEY (provider, template_id)
   );
   CREATE TABLE sms_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT, provider TEXT NOT NULL, phone TEXT NOT NULL, sign_name TEXT NOT NULL, template TEXT NOT NULL,
     params TEXT NOT NULL, code TEXT, text TEXT NOT NULL, status TEXT NOT NULL, request_id TEXT NOT NULL, biz_id TEXT NOT NULL,
     signature_scheme TEXT NOT NULL, key_id TEXT NOT NULL, out_id TEXT, received_at INTEGER NOT NULL
   );
   CREATE INDEX sms_messages_phone ON sms_messages(phone, received_at);
   CREATE TABLE sms_sends (
     id INTEGER PRIMARY KEY AUTOINCREMENT, provider TEXT NOT NULL, phone TEXT NOT NULL, sign_name TEXT NOT NULL,
     content TEXT NOT NULL, at INTEGER NOT NULL
   );
   CREATE INDEX sms_sends_phone ON sms_sends(provider, phone, at);
   CREATE TABLE sms_nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (key_id, nonce));`,
];

export function openSmsDb(file: string): Db {
  return openDatabase(file, smsMigrations);
}
