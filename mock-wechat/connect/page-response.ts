import type { Context } from 'hono';
import { htmlDocument } from '../../core/html.ts';

/** Pages and redirects of open.weixin.qq.com are never cached: each shows or carries a fresh session or code. */
export const NO_STORE = { 'Cache-Control': 'no-cache, no-store, must-revalidate' };

export function html(c: Context, page: unknown, status: 200 | 400 = 200): Response {
  return c.html(htmlDocument(page), status, NO_STORE);
}

export type FormFields = Record<string, string>;

/** A page form's text fields; a body that is no form gives none. */
export async function formFields(c: Context): Promise<FormFields> {
  try {
    const body = await c.req.parseBody();
    const out: FormFields = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}
