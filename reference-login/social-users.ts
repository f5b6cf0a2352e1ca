import { stmt, write, type Db } from '../core/db.ts';
import { fmtTime } from './time.ts';
import { fromColumns, type Columns } from '../core/columns.ts';

/** iot_social_user.source values FastBee writes (JustAuth's source name for web, upper-case platform otherwise). */
export const SOURCE = {
  web: 'WECHAT_OPEN',
  mobile: 'WECHAT_OPEN_MOBILE',
  mini: 'WECHAT_OPEN_MINI_PROGRAM',
} as const;

export interface SocialUser {
  socialUserId: number;
  uuid: string;
  source: string;
  accessToken: string | null;
  expireIn: number | null;
  refreshToken: string | null;
  openId: string | null;
  unionId: string | null;
  scope: string | null;
  code: string | null;
  createTime: number;
  createBy: string;
  updateTime: number | null;
  updateBy: string | null;
  /** '0' live, '1' unbound (soft-deleted) */
  delFlag: string;
  /** '0' not bound to an account, '1' bound */
  status: string;
  sysUserId: number | null;
  username: string | null;
  nickname: string | null;
  avatar: string | null;
  gender: number | null;
  sourceClient: string | null;
}

/** A row of iot_social_user (core/columns.ts). */
type Row = Columns<SocialUser>;

const fromRow = (r: Row): SocialUser => fromColumns<SocialUser>(r);

const COLUMNS: Record<string, string> = {
  uuid: 'uuid',
  source: 'source',
  accessToken: 'access_token',
  expireIn: 'expire_in',
  refreshToken: 'refresh_token',
  openId: 'open_id',
  unionId: 'union_id',
  scope: 'scope',
  code: 'code',
  createBy: 'create_by',
  updateBy: 'update_by',
  delFlag: 'del_flag',
  status: 'status',
  sysUserId: 'sys_user_id',
  username: 'username',
  nickname: 'nickname',
  avatar: 'avatar',
  gender: 'gender',
  sourceClient: 'source_client',
};

export type SocialUserPatch = Partial<Omit<SocialUser, 'socialUserId' | 'createTime' | 'updateTime'>>;

/** True when the row is live and points at a real account id (FastBee treats -1 and null as "not bound"). */
export function isBound(s: SocialUser | undefined): s is SocialUser & { sysUserId: number } {
  return !!s && s.delFlag === '0' && typeof s.sysUserId === 'number' && s.sysUserId > 0;
}

/** The binding table and the mapper queries FastBee's flows use (docs/wire/fastbee.md#the-binding-table). Live rows only. */
export class SocialUsers {
  constructor(private readonly db: Db) {}

  /** The first row `sql` finds, or undefined. */
  private one(sql: string, ...args: unknown[]): SocialUser | undefined {
    const r = stmt(this.db, sql).get(...args) as Row | undefined;
    return r && fromRow(r);
  }

  byId(id: number): SocialUser | undefined {
    return this.one('SELECT * FROM iot_social_user WHERE social_user_id = ?', id);
  }

  /** findSocialUser(uuid, source): source compares case-insensitively, as MySQL's general_ci collation does. */
  find(uuid: string, source: string): SocialUser | undefined {
    return this.one("SELECT * FROM iot_social_user WHERE uuid = ? AND source = ? AND del_flag = '0' ORDER BY social_user_id LIMIT 1", uuid, source);
  }

  /** selectOneByOpenIdAndUnionId: the unionid narrows the match only when given. */
  byOpenIdAndUnionId(openId: string, unionId?: string | null): SocialUser | undefined {
    return unionId
      ? this.one("SELECT * FROM iot_social_user WHERE open_id = ? AND union_id = ? AND del_flag = '0' ORDER BY social_user_id DESC LIMIT 1", openId, unionId)
      : this.one("SELECT * FROM iot_social_user WHERE open_id = ? AND del_flag = '0' ORDER BY social_user_id DESC LIMIT 1", openId);
  }

  /** selectSysUserIdByUnionId: the account any app of the same Open Platform account was bound to. */
  sysUserIdByUnionId(unionId: string | null | undefined): number | undefined {
    if (!unionId) return undefined;
    const r = stmt(
      this.db,
      "SELECT sys_user_id FROM iot_social_user WHERE union_id = ? AND sys_user_id IS NOT NULL AND sys_user_id > 0 AND del_flag = '0' ORDER BY social_user_id DESC LIMIT 1",
    ).get(unionId) as { sys_user_id: number } | undefined;
    return r?.sys_user_id;
  }

  /** selectBySysUserId: every live row of an account, any source. */
  bySysUserId(userId: number): SocialUser[] {
    return (stmt(this.db, "SELECT * FROM iot_social_user WHERE sys_user_id = ? AND del_flag = '0' ORDER BY social_user_id").all(userId) as Row[]).map(fromRow);
  }

  insert(row: SocialUserPatch & { uuid: string; source: string; createBy: string }, now: number): SocialUser {
    const keys = Object.keys(row).filter((k) => COLUMNS[k] && (row as Record<string, unknown>)[k] !== undefined);
    const cols = [...keys.map((k) => COLUMNS[k]!), 'create_time'];
    const info = write(
      this.db,
      ['iot_social_user'],
      `INSERT INTO iot_social_user(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      ...keys.map((k) => (row as Record<string, unknown>)[k] as never),
      now,
    );
    return this.byId(Number(info.lastInsertRowid))!;
  }

  update(id: number, patch: SocialUserPatch, now: number): void {
    const keys = Object.keys(patch).filter((k) => COLUMNS[k] && (patch as Record<string, unknown>)[k] !== undefined);
    if (!keys.length) return;
    write(
      this.db,
      ['iot_social_user'],
      `UPDATE iot_social_user SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')}, update_time = ? WHERE social_user_id = ?`,
      ...keys.map((k) => (patch as Record<string, unknown>)[k] as never),
      now,
      id,
    );
  }

  /** deleteBySysUserIdAndSourceClient: a soft delete (del_flag '1'), the row stays for history. */
  softDeleteBySysUserIdAndSourceClients(userId: number, clients: string[], now: number): number {
    if (!clients.length) return 0;
    return write(
      this.db,
      ['iot_social_user'],
      `UPDATE iot_social_user SET del_flag = '1', update_time = ? WHERE sys_user_id = ? AND del_flag = '0' AND source_client IN (${clients.map(() => '?').join(', ')})`,
      now,
      userId,
      ...clients,
    ).changes;
  }
}

/** The socialGroup entries of /system/user/profile: no tokens. */
export function socialUserJson(s: SocialUser): Record<string, unknown> {
  return {
    socialUserId: s.socialUserId,
    uuid: s.uuid,
    source: s.source,
    openId: s.openId,
    unionId: s.unionId,
    sysUserId: s.sysUserId,
    username: s.username,
    nickname: s.nickname,
    avatar: s.avatar,
    gender: s.gender,
    status: s.status,
    delFlag: s.delFlag,
    sourceClient: s.sourceClient,
    createTime: fmtTime(s.createTime),
    updateTime: fmtTime(s.updateTime),
  };
}
