import { getOrAdd } from './memo.ts';

/**
 * The stores name a table's columns after the fields of what a row holds, in snake_case
 * (userName → user_name, openId → open_id): `Columns<T>` is the row of T's table, `fromColumns`
 * reads one back into T. A column that needs more than a new name (JSON text, 0/1 for a boolean)
 * is converted by the store before or after.
 */
export type Snake<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${Snake<Rest>}` : S;

/** T's fields under their column names. */
export type Columns<T> = { [K in keyof T & string as Snake<K>]: T[K] };

const camelNames = new Map<string, string>();

/** The row's columns under their field names: a row of exactly T's columns gives a T. */
export function fromColumns<T>(row: Columns<T>): T {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row))
    out[getOrAdd(camelNames, column, () => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()))] = value;
  return out as T;
}
