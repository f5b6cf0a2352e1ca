import type { Child } from 'hono/jsx';
import { PAGE_FONTS } from '../../core/fonts.ts';
import type { Persona } from '../world/types.ts';

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

/* The pieces of WeChat's consent sheets: the Official Account's authorize page and the QR login's confirm page on the phone. */

/** What both sheets look like alike (each page adds its own layout): WeChat's grey page, the app icon, the green 允许. */
export const SHEET_CSS = `
html, body { margin: 0; background: #ededed; color: #191919; font-family: ${PAGE_FONTS}; -webkit-text-size-adjust: 100%; }
.app-icon { width: 64px; height: 64px; margin: 0 auto 14px; border-radius: 12px; background: #07c160; color: #fff; font-size: 30px; line-height: 64px; text-align: center; }
h1 { font-size: 20px; font-weight: 500; text-align: center; margin: 0 0 6px; }
.scope b { display: block; font-weight: 500; margin-bottom: 4px; }
.scope span { color: #888; }
button.allow { background: #07c160; color: #fff; }
button.deny { background: #f2f2f2; color: #07c160; }
footer { margin-top: 24px; text-align: center; font-size: 12px; color: #b2b2b2; }
`;

/** What the app asks for. */
export function ScopeNote(props: { what: string }) {
  return (
    <div class="scope">
      <b>获得你的公开信息</b>
      <span>{props.what}</span>
    </div>
  );
}

/** 允许 and 拒绝, posting action=allow or action=deny; `testid` prefixes their data-testid. */
export function AllowDeny(props: { testid: string }) {
  return (
    <div class="buttons">
      <button type="submit" class="allow" name="action" value="allow" data-testid={`${props.testid}-allow`}>
        允许
      </button>
      <button type="submit" class="deny" name="action" value="deny" data-testid={`${props.testid}-deny`}>
        拒绝
      </button>
    </div>
  );
}

/** The personas to choose from, "nickname（id）". */
export function PersonaOptions(props: { personas: Persona[]; selected: string | null | undefined }) {
  return (
    <>
      {props.personas.map((p) => (
        <option value={p.id} selected={p.id === props.selected}>{`${p.nickname}（${p.id}）`}</option>
      ))}
    </>
  );
}
