import type { Child } from 'hono/jsx';

/** JSON for a <script type="application/json"> block; "<" escaped so no value can close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function Page(props: { title: string; css: string; head?: Child; bodyClass?: string; children?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: props.css }} />
        {props.head}
      </head>
      <body class={props.bodyClass}>{props.children}</body>
    </html>
  );
}

/** Renders a page component to a complete HTML document. */
export function htmlDocument(page: unknown): string {
  return `<!DOCTYPE html>${String(page)}`;
}
