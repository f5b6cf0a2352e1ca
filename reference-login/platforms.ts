import { stmt, write, type Db } from '../core/db.ts';
import { fmtTime } from './time.ts';
import { fromColumns, type Columns } from '../core/columns.ts';

/** SocialPlatformType: the values FastBee accepts in iot_social_platform.platform. */
const PLATFORM_TYPES = [
  'wechat_open_web',
  'wechat_open_web_bind',
  'wechat_open_mobile',
  'wechat_open_mini_program',
  'qq_open_web',
  'qq_open_app',
  'qq_open_mini_program',
] as const;
export type PlatformType = (typeof PLATFORM_TYPES)[number];

/** listWechatPlatform: the source_client values unbind removes and the profile's wxBind looks at. */
export const WECHAT_LOGIN_CLIENTS = ['wechat_open_web', 'wechat_open_mobile', 'wechat_open_mini_program'];

export function isPlatformType(v: string): v is PlatformType {
  return (PLATFORM_TYPES as readonly string[]).includes(v);
}

export interface SocialPlatform {
  socialPlatformId: number;
  platform: string;
  status: string;
  clientId: string;
  secretKey: string;
  redirectUri: string;
  bindUri: string;
  redirectLoginUri: string;
  errorMsgUri: string;
  delFlag: string;
  createBy: string;
  createTime: number;
  updateBy: string;
  updateTime: number | null;
  remark: string | null;
}

/** A row of iot_social_platform (core/columns.ts). */
type Row = Columns<SocialPlatform>;

const fromRow = (r: Row): SocialPlatform => fromColumns<SocialPlatform>(r);

/** The editable columns, camelCase as the /iot/platform JSON has them. */
export const PLATFORM_FIELDS = [
  'platform',
  'status',
  'clientId',
  'secretKey',
  'redirectUri',
  'bindUri',
  'redirectLoginUri',
  'errorMsgUri',
  'delFlag',
  'remark',
] as const;
export type PlatformInput = Partial<Record<(typeof PLATFORM_FIELDS)[number], string>>;

const COLUMN: Record<(typeof PLATFORM_FIELDS)[number], string> = {
  platform: 'platform',
  status: 'status',
  clientId: 'client_id',
  secretKey: 'secret_key',
  redirectUri: 'redirect_uri',
  bindUri: 'bind_uri',
  redirectLoginUri: 'redirect_login_uri',
  errorMsgUri: 'error_msg_uri',
  delFlag: 'del_flag',
  remark: 'remark',
};

/** iot_social_platform: one row per platform type, found by `platform` whatever its status (callers check it). */
export class Platforms {
  constructor(private readonly db: Db) {}

  /** The first row `sql` finds, or undefined. */
  private one(sql: string, ...args: unknown[]): SocialPlatform | undefined {
    const r = stmt(this.db, sql).get(...args) as Row | undefined;
    return r && fromRow(r);
  }

  get(platform: string): SocialPlatform | undefined {
    return this.one('SELECT * FROM iot_social_platform WHERE platform = ?', platform);
  }

  byId(id: number): SocialPlatform | undefined {
    return this.one('SELECT * FROM iot_social_platform WHERE social_platform_id = ?', id);
  }

  list(filter: { platform?: string; status?: string } = {}): SocialPlatform[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.platform) {
      where.push('platform = ?');
      args.push(filter.platform);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM iot_social_platform ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY social_platform_id`;
    return (stmt(this.db, sql).all(...args) as Row[]).map(fromRow);
  }

  insert(input: PlatformInput & { platform: string }, by: string, now: number): SocialPlatform {
    const fields = PLATFORM_FIELDS.filter((f) => input[f] !== undefined);
    const cols = [...fields.map((f) => COLUMN[f]), 'create_by', 'create_time'];
    const info = write(
      this.db,
      ['iot_social_platform'],
      `INSERT INTO iot_social_platform(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      ...fields.map((f) => input[f]!),
      by,
      now,
    );
    return this.byId(Number(info.lastInsertRowid))!;
  }

  update(id: number, input: PlatformInput, by: string, now: number): number {
    const fields = PLATFORM_FIELDS.filter((f) => input[f] !== undefined);
    const sets = [...fields.map((f) => `${COLUMN[f]} = ?`), 'update_by = ?', 'update_time = ?'];
    return write(
      this.db,
      ['iot_social_platform'],
      `UPDATE iot_social_platform SET ${sets.join(', ')} WHERE social_platform_id = ?`,
      ...fields.map((f) => input[f]!),
      by,
      now,
      id,
    ).changes;
  }

  remove(ids: number[]): number {
    return write(this.db, ['iot_social_platform'], () => {
      let n = 0;
      for (const id of ids) n += stmt(this.db, 'DELETE FROM iot_social_platform WHERE social_platform_id = ?').run(id).changes;
      return n;
    });
  }
}

/** FastBee's checkSocialPlatform: enabled and not deleted. */
export function platformUsable(p: SocialPlatform): boolean {
  return p.status === '0' && p.delFlag === '0';
}

export function platformJson(p: SocialPlatform): Record<string, unknown> {
  return { ...p, createTime: fmtTime(p.createTime), updateTime: fmtTime(p.updateTime) };
}
