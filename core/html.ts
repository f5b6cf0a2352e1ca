/** HTML helpers the pages of more than one service share (mock-wechat's pages, the console). */

/** JSON for a <script type="application/json"> block; "<" escaped so no value can close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Renders a page component to a complete HTML document. */
export function htmlDocument(page: unknown): string {
  return `<!DOCTYPE html>${String(page)}`;
}
