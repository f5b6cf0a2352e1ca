import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromColumns, type Columns } from './columns.ts';

interface Sample {
  userId: number;
  openId: string | null;
  phonenumber: string;
  sdkAppIds: string;
  redirectLoginUri: string;
}

describe('columns named after the fields', () => {
  it('types a row with the snake_case names of the fields', () => {
    expectTypeOf<Columns<Sample>>().toEqualTypeOf<{
      user_id: number;
      open_id: string | null;
      phonenumber: string;
      sdk_app_ids: string;
      redirect_login_uri: string;
    }>();
  });

  it('reads a row back under the field names, values untouched, in column order', () => {
    const row: Columns<Sample> = { user_id: 7, open_id: null, phonenumber: '13800138000', sdk_app_ids: '["1400000001"]', redirect_login_uri: '/login?x=a_b' };
    const s = fromColumns<Sample>(row);
    expect(s).toEqual({ userId: 7, openId: null, phonenumber: '13800138000', sdkAppIds: '["1400000001"]', redirectLoginUri: '/login?x=a_b' });
    expect(Object.keys(s)).toEqual(['userId', 'openId', 'phonenumber', 'sdkAppIds', 'redirectLoginUri']);
    // A second row of the same table goes through the remembered names.
    expect(fromColumns<Sample>({ ...row, user_id: 8 }).userId).toBe(8);
  });
});
