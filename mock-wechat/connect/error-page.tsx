import type { Context } from 'hono';
import { PAGE_FONTS } from '../../core/fonts.ts';
import { Page } from './layout.tsx';
import { html } from './page-response.ts';
import type { PageError, PageErrorInfo } from './validate.ts';

const CSS = `
html, body { margin: 0; background: #fff; color: #353535; font-family: ${PAGE_FONTS}; }
.weui-msg { max-width: 560px; margin: 0 auto; padding: 80px 24px; text-align: center; }
.weui-msg__icon { width: 64px; height: 64px; margin: 0 auto 24px; border-radius: 50%; background: #f76260; color: #fff; font: 700 40px/64px Arial, sans-serif; }
.weui-msg__title { font-size: 20px; font-weight: 400; margin: 0 0 12px; }
.weui-msg__desc { font-size: 14px; color: #888; margin: 6px 0; }
.weui-msg__code { font-size: 13px; color: #b2b2b2; margin-top: 24px; }
`;

/** WeChat's "该链接无法访问" page for bad authorize parameters (HTTP 200, like the real one). */
export function ErrorPage(props: { error: PageErrorInfo }) {
  const e = props.error;
  return (
    <Page title="微信登录" css={CSS}>
      <div class="weui-msg" data-testid="connect-error" data-errcode={String(e.code)}>
        <div class="weui-msg__icon">!</div>
        <h2 class="weui-msg__title">该链接无法访问</h2>
        <p class="weui-msg__desc" data-testid="connect-error-reason">
          {e.reason}
        </p>
        <p class="weui-msg__desc">{e.detail}</p>
        <p class="weui-msg__code">错误码：{e.code}</p>
      </div>
    </Page>
  );
}

/** The answer to a PageError thrown below a /connect page (the app's error handler sends it). */
export function errorPageAnswer(c: Context, e: PageError): Response {
  return html(c, ErrorPage({ error: e.info }));
}
