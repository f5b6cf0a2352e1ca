import type { Context } from 'hono';
import { Layout } from './layout.tsx';

export function ErrorPage(props: { title: string; detail: string }) {
  return (
    <Layout title={props.title}>
      <div class="card narrow" data-testid="error-page">
        <h1>{props.title}</h1>
        <p class="msg error" data-testid="error-detail">
          {props.detail}
        </p>
        <a class="btn" href="/login">
          返回登录
        </a>
      </div>
    </Layout>
  );
}

/**
 * A failure a browser cannot recover from by itself (a bad redirect target in the platform's
 * configuration), thrown by a page route; the app's error handler shows the error page for it.
 */
export class PageError extends Error {
  constructor(
    readonly title: string,
    detail: string,
    readonly status: 400 | 404 | 500 = 400,
  ) {
    super(detail);
  }
}

/** The page shown for failures a browser cannot recover from by itself (bad redirect target, internal error). */
export function errorPage(c: Context, title: string, detail: string, status: 400 | 404 | 500 = 400): Response | Promise<Response> {
  return c.html(<ErrorPage title={title} detail={detail} />, status);
}
