import type { Child } from 'hono/jsx';

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
