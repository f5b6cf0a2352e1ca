import { stmt, write, type Db } from '../core/db.ts';
import { fmtTime } from './time.ts';
import { fromColumns, type Columns } from '../core/columns.ts';

export interface SysUser {
  userId: number;
  deptId: number | null;
  userName: string;
  nickName: string;
  userType: string;
  email: string;
  phonenumber: string;
  sex: string;
  avatar: string;
  password: string;
  /** '0' normal, '1' disabled */
  status: string;
  /** '0' live, '2' deleted */
  delFlag: string;
  /** 'admin' (may configure platforms) or 'general' */
  roleKey: string;
  loginIp: string;
  loginDate: number | null;
  createBy: string;
  createTime: number;
  updateBy: string;
  updateTime: number | null;
  remark: string | null;
}

/** A row of sys_user (core/columns.ts). */
type Row = Columns<SysUser>;

const fromRow = (r: Row): SysUser => fromColumns<SysUser>(r);

export interface NewUser {
  userName: string;
  nickName: string;
  phonenumber?: string;
  passwordHash: string;
  roleKey?: string;
  createBy?: string;
}

/** sys_user, with the lookups FastBee's SysUserMapper offers (deleted accounts are invisible to them). */
export class Users {
  constructor(private readonly db: Db) {}

  /** The first row `sql` finds, or undefined. */
  private one(sql: string, ...args: unknown[]): SysUser | undefined {
    const r = stmt(this.db, sql).get(...args) as Row | undefined;
    return r && fromRow(r);
  }

  byId(userId: number): SysUser | undefined {
    return this.one("SELECT * FROM sys_user WHERE user_id = ? AND del_flag = '0'", userId);
  }

  byName(userName: string): SysUser | undefined {
    return this.one("SELECT * FROM sys_user WHERE user_name = ? AND del_flag = '0'", userName);
  }

  /** Any account with this name, deleted ones included: RuoYi rejects those with their own message. */
  byNameAny(userName: string): SysUser | undefined {
    return this.one('SELECT * FROM sys_user WHERE user_name = ? ORDER BY del_flag LIMIT 1', userName);
  }

  byPhone(phone: string): SysUser | undefined {
    if (!phone) return undefined;
    return this.one("SELECT * FROM sys_user WHERE phonenumber = ? AND del_flag = '0' ORDER BY user_id LIMIT 1", phone);
  }

  insert(u: NewUser, now: number): SysUser {
    const info = write(
      this.db,
      ['sys_user'],
      'INSERT INTO sys_user(user_name, nick_name, phonenumber, password, role_key, create_by, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
      u.userName,
      u.nickName,
      u.phonenumber ?? '',
      u.passwordHash,
      u.roleKey ?? 'general',
      u.createBy ?? '',
      now,
    );
    return this.byId(Number(info.lastInsertRowid))!;
  }

  touchLogin(userId: number, ip: string, now: number): void {
    write(this.db, ['sys_user'], 'UPDATE sys_user SET login_ip = ?, login_date = ? WHERE user_id = ?', ip, now, userId);
  }

  setStatus(userId: number, status: '0' | '1'): void {
    write(this.db, ['sys_user'], 'UPDATE sys_user SET status = ? WHERE user_id = ?', status, userId);
  }
}

/** The user as RuoYi serialises it: no password, dates formatted. */
export function userJson(u: SysUser): Record<string, unknown> {
  return {
    userId: u.userId,
    deptId: u.deptId,
    userName: u.userName,
    nickName: u.nickName,
    userType: u.userType,
    email: u.email,
    phonenumber: u.phonenumber,
    sex: u.sex,
    avatar: u.avatar,
    status: u.status,
    delFlag: u.delFlag,
    loginIp: u.loginIp,
    loginDate: fmtTime(u.loginDate),
    createTime: fmtTime(u.createTime),
    admin: u.roleKey === 'admin',
  };
}
