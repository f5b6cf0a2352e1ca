import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { ClientScript } from '../../core/client-scripts.ts';
import { PAGE_FONTS } from '../../core/fonts.ts';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:${PAGE_FONTS};background:#eef2f7;color:#1f2d3d}
header{background:#1f2d3d;color:#fff;padding:12px 24px;display:flex;align-items:center;gap:12px}
header a{color:#cfe3ff;text-decoration:none}
header .brand{font-weight:600;letter-spacing:.5px}
header .spacer{flex:1}
main{max-width:960px;margin:40px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px 32px;margin:0 auto 24px}
.narrow{max-width:420px}
.wide{max-width:820px}
/* The message above the cards is as wide as the card on screen: the login card, or the wider bind card. */
.msg-slot{max-width:420px;margin:0 auto}
main:has(> [data-testid=bind-panel]:not([hidden])) .msg-slot{max-width:820px}
h1{font-size:22px;margin:0 0 20px}
h2{font-size:17px;margin:0 0 14px}
label{display:block;font-size:13px;color:#606266;margin:12px 0 6px}
input{width:100%;padding:10px 12px;border:1px solid #dcdfe6;border-radius:4px;font-size:14px}
input:focus{outline:none;border-color:#409eff}
button,.btn{display:inline-block;width:100%;margin-top:18px;padding:10px 14px;border:0;border-radius:4px;background:#409eff;color:#fff;font-size:15px;cursor:pointer;text-align:center;text-decoration:none}
button.secondary,.btn.secondary{background:#fff;color:#409eff;border:1px solid #409eff}
button.danger{background:#f56c6c}
button.inline,.btn.inline{width:auto;margin-top:0}
button:disabled{opacity:.6;cursor:default}
.tabs{display:flex;border-bottom:1px solid #e4e7ed;margin-bottom:8px}
.tabs button{width:auto;margin:0;background:none;color:#606266;border-radius:0;border-bottom:2px solid transparent;padding:8px 16px}
.tabs button.active{color:#409eff;border-bottom-color:#409eff}
.row{display:flex;gap:8px;align-items:flex-end}
.row input{flex:1}
.row button,.row img{width:auto;margin:0;flex:none}
.captcha-img{height:40px;border-radius:4px;cursor:pointer}
.msg{padding:10px 12px;border-radius:4px;font-size:14px;margin:0 0 14px}
.msg.error{background:#fef0f0;color:#f56c6c;border:1px solid #fde2e2}
.msg.info{background:#f0f9eb;color:#67c23a;border:1px solid #e1f3d8}
.msg .detail{margin-top:6px;font-size:12px;opacity:.85;word-break:break-all}
.msg code{font-family:ui-monospace,Menlo,Consolas,"Liberation Mono",monospace}
.other-login{margin-top:22px;padding-top:16px;border-top:1px solid #ebeef5;text-align:center;font-size:13px;color:#909399}
.wechat-btn{background:#07c160}
.split{display:grid;grid-template-columns:1fr 1fr;gap:24px}
@media(max-width:720px){.split{grid-template-columns:1fr}}
dl{display:grid;grid-template-columns:120px 1fr;gap:10px 12px;margin:0}
dt{color:#909399}
dd{margin:0}
.tag{display:inline-block;padding:2px 8px;border-radius:4px;font-size:13px}
.tag.on{background:#f0f9eb;color:#67c23a}
.tag.off{background:#f4f4f5;color:#909399}
.hint{font-size:12px;color:#909399;margin-top:10px}
[hidden]{display:none!important}
`;

/** A page; `script` is its client script, `scriptData` the data- attributes its script tag carries for it. */
export function Layout(props: { title: string; nav?: Child; children?: Child; script?: ClientScript; scriptData?: Record<`data-${string}`, string> }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · wxmock 参考登录系统</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <header>
          <a class="brand" href="/">
            wxmock · 参考登录系统
          </a>
          <span style="opacity:.6;font-size:12px">FastBee 兼容</span>
          <span class="spacer" />
          {props.nav}
        </header>
        <main>{props.children}</main>
        {props.script ? <script src={props.script.path} {...props.scriptData}></script> : null}
      </body>
    </html>
  );
}
