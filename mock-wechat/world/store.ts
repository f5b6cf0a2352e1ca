import { ControlError } from '../../core/control-errors.ts';
import { getSetting, putSetting, stmt, write, type Db } from '../../core/db.ts';
import { ReadCache } from '../../core/read-cache.ts';
import { deriveOpenid, deriveUnionid } from '../ids.ts';
import { appDefaults, DCLOUD_APPID, defaultWorld, personaDefaults } from './default-world.ts';
import type { Account, App, AppType, Identities, Persona, WorldConfig } from './types.ts';
import { fromColumns, type Columns } from '../../core/columns.ts';

/** A bad world change: the control API turns it into a 4xx. */
export class WorldError extends ControlError {}

/** Rows of apps and personas (core/columns.ts); lists are JSON text, a persona's risk 0 or 1, and personas keep their order in seq. */
type AppRow = Columns<Omit<App, 'ipWhitelist'>> & { ip_whitelist: string | null };
type PersonaRow = Columns<Omit<Persona, 'risky' | 'openids' | 'unionids'>> & { risky: number; openids: string; unionids: string; seq: number };

const APP_TYPES: AppType[] = ['web', 'mobile', 'miniprogram', 'official'];
const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const APPID_RE = /^[A-Za-z0-9_-]{4,64}$/;
const WX_ID_RE = /^[A-Za-z0-9_-]{6,64}$/;

function appFromRow({ ip_whitelist, ...r }: AppRow): App {
  return { ...fromColumns<Omit<App, 'ipWhitelist'>>(r), ipWhitelist: ip_whitelist ? JSON.parse(ip_whitelist) : null };
}

function personaFromRow({ risky, openids, unionids, seq: _seq, ...r }: PersonaRow): Persona {
  return { ...fromColumns<Omit<Persona, 'risky' | 'openids' | 'unionids'>>(r), risky: !!risky, openids: JSON.parse(openids), unionids: JSON.parse(unionids) };
}

function str(v: unknown, field: string, opts: { max?: number; allowEmpty?: boolean } = {}): string {
  if (typeof v !== 'string') throw new WorldError('invalid_field', `${field} must be a string`);
  if (!opts.allowEmpty && !v.trim()) throw new WorldError('invalid_field', `${field} must not be empty`);
  if (v.length > (opts.max ?? 256)) throw new WorldError('invalid_field', `${field} is too long`);
  return v;
}

/** A world section: absent, or an array of objects (a config file or PUT /__mock/world may hold anything). */
function section<T>(v: unknown, field: string): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object' || Array.isArray(x)))
    throw new WorldError('invalid_field', `${field} must be an array of objects`);
  return v as T[];
}

function idMap(v: unknown, field: string): Record<string, string> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new WorldError('invalid_field', `${field} must be an object`);
  const out: Record<string, string> = {};
  for (const [k, id] of Object.entries(v)) {
    if (typeof id !== 'string' || !WX_ID_RE.test(id)) throw new WorldError('invalid_field', `${field}.${k} must be an id of 6-64 characters [A-Za-z0-9_-]`);
    out[k] = id;
  }
  return out;
}

/** The tables of the world; an account's deletion changes its apps (ON DELETE SET NULL). */
const WORLD_TABLES = ['accounts', 'apps', 'personas', 'settings'];

/** Accounts, apps and personas, and the ids WeChat would give each persona. */
export class World {
  /** Apps, personas and the seed as last read: every API call looks them up several times. */
  private readonly cache: ReadCache;

  constructor(private readonly db: Db) {
    this.cache = new ReadCache(db, ['apps', 'personas', 'settings']);
  }

  get seed(): string {
    return this.cache.get('seed', () => ({ value: getSetting(this.db, 'world.seed') ?? defaultWorld.seed }))!.value;
  }

  /** Replaces the world with `config` (defaults for what it leaves out). */
  load(config: WorldConfig = {}): void {
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new WorldError('invalid_field', 'a world is a JSON object');
    if (config.seed !== undefined && (typeof config.seed !== 'string' || !config.seed))
      throw new WorldError('invalid_field', 'seed must be a non-empty string');
    const given = {
      accounts: section<Account>(config.accounts, 'accounts'),
      apps: section<Partial<App>>(config.apps, 'apps'),
      personas: section<Partial<Persona>>(config.personas, 'personas'),
    };
    write(this.db, WORLD_TABLES, () => {
      for (const t of ['apps', 'personas', 'accounts']) stmt(this.db, `DELETE FROM ${t}`).run();
      putSetting(this.db, 'world.seed', config.seed ?? defaultWorld.seed);
      const accounts = [...(given.accounts ?? defaultWorld.accounts)];
      for (const builtin of defaultWorld.accounts) if (!accounts.some((a) => a.id === builtin.id)) accounts.push(builtin);
      for (const a of accounts) this.createAccount(a);
      const apps = [...(given.apps ?? defaultWorld.apps)];
      if (!apps.some((a) => a.appid === DCLOUD_APPID)) apps.push(defaultWorld.apps.find((a) => a.appid === DCLOUD_APPID)!);
      for (const a of apps) this.createApp(a);
      for (const p of given.personas ?? defaultWorld.personas) this.createPersona(p);
    });
  }

  // ---- accounts

  listAccounts(): Account[] {
    return stmt(this.db, 'SELECT id, name FROM accounts ORDER BY rowid').all() as Account[];
  }

  getAccount(id: string): Account | undefined {
    return stmt(this.db, 'SELECT id, name FROM accounts WHERE id = ?').get(id) as Account | undefined;
  }

  createAccount(input: Partial<Account>): Account {
    const id = str(input.id, 'id', { max: 64 });
    if (!ID_RE.test(id)) throw new WorldError('invalid_field', 'id may hold only letters, digits, "_", "-" and "."');
    if (this.getAccount(id)) throw new WorldError('exists', `account ${id} exists`);
    const name = input.name === undefined ? id : str(input.name, 'name');
    write(this.db, ['accounts'], 'INSERT INTO accounts(id, name) VALUES (?, ?)', id, name);
    return this.getAccount(id)!;
  }

  updateAccount(id: string, patch: Partial<Account>): Account {
    if (!this.getAccount(id)) throw new WorldError('not_found', `no account ${id}`);
    if (patch.name !== undefined) {
      const name = str(patch.name, 'name');
      write(this.db, ['accounts'], 'UPDATE accounts SET name = ? WHERE id = ?', name, id);
    }
    return this.getAccount(id)!;
  }

  deleteAccount(id: string): void {
    if (id === 'dcloud' || id === 'default') throw new WorldError('builtin', `account ${id} is built in`);
    // Apps of the account lose it (ON DELETE SET NULL): the unit names them too.
    const deleted = write(this.db, ['accounts', 'apps'], 'DELETE FROM accounts WHERE id = ?', id).changes;
    if (deleted === 0) throw new WorldError('not_found', `no account ${id}`);
  }

  // ---- apps

  listApps(): App[] {
    return (stmt(this.db, 'SELECT * FROM apps ORDER BY rowid').all() as AppRow[]).map(appFromRow);
  }

  /** By appid, or by the app's short key. */
  getApp(appidOrKey: string): App | undefined {
    const r = stmt(this.db, 'SELECT * FROM apps WHERE appid = ? OR key = ? LIMIT 1').get(appidOrKey, appidOrKey) as AppRow | undefined;
    return r && appFromRow(r);
  }

  /** Exact appid lookup: the API paths never accept a key. */
  appByAppid(appid: string): App | undefined {
    return this.cache.get(`app:${appid}`, () => {
      const r = stmt(this.db, 'SELECT * FROM apps WHERE appid = ?').get(appid) as AppRow | undefined;
      return r && appFromRow(r);
    });
  }

  createApp(input: Partial<App>): App {
    const appid = str(input.appid, 'appid', { max: 64 });
    if (!APPID_RE.test(appid)) throw new WorldError('invalid_field', 'appid may hold only letters, digits, "_" and "-"');
    if (this.getApp(appid)) throw new WorldError('exists', `app ${appid} exists`);
    const app = this.validateApp({ ...appDefaults, key: appid, name: appid, secret: '', ...input, appid } as App);
    if (stmt(this.db, 'SELECT 1 FROM apps WHERE key = ?').get(app.key)) throw new WorldError('exists', `app key ${app.key} is taken`);
    write(
      this.db,
      ['apps'],
      `INSERT INTO apps(appid, key, name, type, secret, account, callback_domain, base, phone_free_quota, phone_price, phone_call_limit, ip_whitelist)
         VALUES (@appid, @key, @name, @type, @secret, @account, @callbackDomain, @base, @phoneFreeQuota, @phonePrice, @phoneCallLimit, @ipWhitelist)`,
      { ...app, ipWhitelist: app.ipWhitelist ? JSON.stringify(app.ipWhitelist) : null },
    );
    return this.appByAppid(appid)!;
  }

  updateApp(appidOrKey: string, patch: Partial<App>): App {
    const current = this.getApp(appidOrKey);
    if (!current) throw new WorldError('not_found', `no app ${appidOrKey}`);
    if (patch.appid !== undefined && patch.appid !== current.appid) throw new WorldError('invalid_field', 'appid cannot change; create a new app');
    const app = this.validateApp({ ...current, ...patch, appid: current.appid });
    if (app.key !== current.key && stmt(this.db, 'SELECT 1 FROM apps WHERE key = ?').get(app.key))
      throw new WorldError('exists', `app key ${app.key} is taken`);
    write(
      this.db,
      ['apps'],
      `UPDATE apps SET key=@key, name=@name, type=@type, secret=@secret, account=@account, callback_domain=@callbackDomain, base=@base,
         phone_free_quota=@phoneFreeQuota, phone_price=@phonePrice, phone_call_limit=@phoneCallLimit, ip_whitelist=@ipWhitelist WHERE appid=@appid`,
      { ...app, ipWhitelist: app.ipWhitelist ? JSON.stringify(app.ipWhitelist) : null },
    );
    return this.appByAppid(app.appid)!;
  }

  deleteApp(appidOrKey: string): void {
    const app = this.getApp(appidOrKey);
    if (!app) throw new WorldError('not_found', `no app ${appidOrKey}`);
    if (app.appid === DCLOUD_APPID) throw new WorldError('builtin', 'the DCloud app is built in');
    write(this.db, ['apps'], 'DELETE FROM apps WHERE appid = ?', app.appid);
  }

  private validateApp(a: App): App {
    if (!APP_TYPES.includes(a.type)) throw new WorldError('invalid_field', `type must be one of ${APP_TYPES.join(', ')}`);
    str(a.key, 'key', { max: 64 });
    str(a.name, 'name');
    if (!a.secret) a.secret = randomSecret();
    str(a.secret, 'secret', { max: 128 });
    if (a.account !== null && a.account !== undefined) {
      if (typeof a.account !== 'string') throw new WorldError('invalid_field', 'account must be an account id or null');
      if (!this.getAccount(a.account)) throw new WorldError('unknown_account', `no account ${a.account}`);
    }
    a.account = a.account ?? null;
    if (a.callbackDomain !== null && a.callbackDomain !== undefined) str(a.callbackDomain, 'callbackDomain');
    a.callbackDomain = a.callbackDomain ?? null;
    if (a.type === 'mobile') {
      a.base = a.base ?? 'custom';
      if (a.base !== 'custom' && a.base !== 'standard') throw new WorldError('invalid_field', 'base must be "custom" or "standard"');
    } else a.base = null;
    for (const [f, v] of [
      ['phoneFreeQuota', a.phoneFreeQuota],
      ['phonePrice', a.phonePrice],
    ] as const)
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new WorldError('invalid_field', `${f} must be a number >= 0`);
    if (a.phoneCallLimit !== null && a.phoneCallLimit !== undefined && !(Number.isInteger(a.phoneCallLimit) && a.phoneCallLimit >= 0))
      throw new WorldError('invalid_field', 'phoneCallLimit must be a whole number >= 0 or null');
    a.phoneCallLimit = a.phoneCallLimit ?? null;
    if (a.ipWhitelist !== null && a.ipWhitelist !== undefined && !(Array.isArray(a.ipWhitelist) && a.ipWhitelist.every((x) => typeof x === 'string')))
      throw new WorldError('invalid_field', 'ipWhitelist must be an array of addresses or null');
    a.ipWhitelist = a.ipWhitelist ?? null;
    return a;
  }

  /**
   * The app a login through `app` really happens under: a standard-base mobile app signs in
   * with DCloud's HBuilder appid (and so DCloud's unionid namespace).
   */
  loginApp(app: App): App {
    if (app.type === 'mobile' && app.base === 'standard') return this.appByAppid(DCLOUD_APPID) ?? app;
    return app;
  }

  // ---- personas

  listPersonas(): Persona[] {
    return (stmt(this.db, 'SELECT * FROM personas ORDER BY seq, rowid').all() as PersonaRow[]).map(personaFromRow);
  }

  getPersona(id: string): Persona | undefined {
    return this.cache.get(`persona:${id}`, () => {
      const r = stmt(this.db, 'SELECT * FROM personas WHERE id = ?').get(id) as PersonaRow | undefined;
      return r && personaFromRow(r);
    });
  }

  createPersona(input: Partial<Persona>): Persona {
    const id = str(input.id, 'id', { max: 64 });
    if (!ID_RE.test(id)) throw new WorldError('invalid_field', 'id may hold only letters, digits, "_", "-" and "."');
    if (this.getPersona(id)) throw new WorldError('exists', `persona ${id} exists`);
    const p = this.validatePersona({ ...personaDefaults, nickname: id, ...input, id } as Persona);
    write(
      this.db,
      ['personas'],
      `INSERT INTO personas(id, nickname, sex, province, city, country, language, avatar, phone, country_code, risky, openids, unionids, seq)
         VALUES (@id, @nickname, @sex, @province, @city, @country, @language, @avatar, @phone, @countryCode, @risky, @openids, @unionids,
                 (SELECT COALESCE(MAX(seq), 0) + 1 FROM personas))`,
      this.personaParams(p),
    );
    return this.getPersona(id)!;
  }

  updatePersona(id: string, patch: Partial<Persona>): Persona {
    const current = this.getPersona(id);
    if (!current) throw new WorldError('not_found', `no persona ${id}`);
    const p = this.validatePersona({ ...current, ...patch, id });
    write(
      this.db,
      ['personas'],
      `UPDATE personas SET nickname=@nickname, sex=@sex, province=@province, city=@city, country=@country, language=@language, avatar=@avatar,
         phone=@phone, country_code=@countryCode, risky=@risky, openids=@openids, unionids=@unionids WHERE id=@id`,
      this.personaParams(p),
    );
    return this.getPersona(id)!;
  }

  deletePersona(id: string): void {
    const deleted = write(this.db, ['personas'], 'DELETE FROM personas WHERE id = ?', id).changes;
    if (deleted === 0) throw new WorldError('not_found', `no persona ${id}`);
  }

  private personaParams(p: Persona) {
    return { ...p, risky: p.risky ? 1 : 0, openids: JSON.stringify(p.openids), unionids: JSON.stringify(p.unionids) };
  }

  private validatePersona(p: Persona): Persona {
    str(p.nickname, 'nickname', { max: 64 });
    if (!['number', 'string'].includes(typeof p.sex) || ![0, 1, 2].includes(Number(p.sex))) throw new WorldError('invalid_field', 'sex must be 0, 1 or 2');
    p.sex = Number(p.sex);
    // null clears a profile field, as WeChat's own blank values do.
    for (const f of ['province', 'city', 'country', 'language'] as const) p[f] = str(p[f] ?? '', f, { allowEmpty: true, max: 64 });
    if (p.avatar !== null && p.avatar !== undefined) str(p.avatar, 'avatar', { max: 512 });
    p.avatar = p.avatar || null;
    if (p.phone !== null && p.phone !== undefined && p.phone !== '') {
      if (typeof p.phone !== 'string' || !/^\d{5,15}$/.test(p.phone)) throw new WorldError('invalid_field', 'phone must be 5-15 digits without country code');
    } else p.phone = null;
    if (typeof p.countryCode !== 'string' || !/^\d{1,4}$/.test(p.countryCode))
      throw new WorldError('invalid_field', 'countryCode must be 1-4 digits, e.g. "86"');
    if (typeof p.risky !== 'boolean') throw new WorldError('invalid_field', 'risky must be true or false');
    p.openids = idMap(p.openids, 'openids');
    p.unionids = idMap(p.unionids, 'unionids');
    return p;
  }

  // ---- ids

  openidFor(persona: Persona, appid: string): string {
    return persona.openids[appid] ?? deriveOpenid(this.seed, persona.id, appid);
  }

  /** null when the app is not bound to an Open Platform account. */
  unionidFor(persona: Persona, app: App): string | null {
    if (!app.account) return null;
    return this.unionidForAccount(persona, app.account);
  }

  unionidForAccount(persona: Persona, accountId: string): string {
    return persona.unionids[accountId] ?? deriveUnionid(this.seed, persona.id, accountId);
  }

  /** Who has this openid in this app; overrides first, then the derived ids. */
  personaByOpenid(appid: string, openid: string): Persona | undefined {
    return this.listPersonas().find((p) => this.openidFor(p, appid) === openid);
  }

  /** Every id the persona has, per app and per account, for the console and bug reports. */
  identities(persona: Persona): Identities {
    return {
      persona: persona.id,
      openids: this.listApps().map((a) => ({
        appid: a.appid,
        key: a.key,
        type: a.type,
        openid: this.openidFor(persona, a.appid),
        loginAppid: this.loginApp(a).appid,
      })),
      unionids: this.listAccounts().map((acc) => ({ account: acc.id, unionid: this.unionidForAccount(persona, acc.id) })),
    };
  }
}

function randomSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
