import { Auth, type AuthConfig } from '@auth/core';
import WeChat from '@auth/core/providers/wechat';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { listen, type RunningServer } from '../core/serve.ts';
import { pollUntil, startSandbox, type Sandbox } from '../harness/index.ts';

/**
 * An application using Auth.js (@auth/core) as shipped: every request of the browser goes through
 * Auth() (Request → Response) behind a plain HTTP listener, sessions in a JWT cookie. Both Auth.js
 * files of the suite sign in through it, each with its own app and platform. Only
 * the WeChat provider's three URLs point at the sandbox; the rest is the provider as shipped.
 */
export interface AuthjsSite {
  config: AuthConfig;
  url: string;
  /** where the sign-in ends: Auth.js's session as JSON */
  sessionUrl: string;
  /** Auth.js's own sign-in page and its WeChat button: the page is then on the mock's page. */
  signIn(page: Page): Promise<void>;
  /** Waits for the browser back from the callback; an Auth.js error page fails with the mock's journal. */
  landed(page: Page, s: Sandbox): Promise<void>;
  /** The session as Auth() serves it to the signed-in browser. */
  session(page: Page): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface AuthjsSiteOptions {
  /** mock-wechat's URL */
  wechatUrl: string;
  app: { appid: string; secret: string };
  /** the provider's platformType: its default (Official Account, /connect/oauth2/authorize) when absent */
  platformType?: 'WebsiteApp';
  /** where the provider sends the browser: /connect/qrconnect or /connect/oauth2/authorize */
  authorizePath: string;
}

export async function startAuthjsSite(opts: AuthjsSiteOptions): Promise<AuthjsSite> {
  const provider = WeChat({
    clientId: opts.app.appid,
    clientSecret: opts.app.secret,
    ...(opts.platformType ? { platformType: opts.platformType } : {}),
    authorization: { url: `${opts.wechatUrl}${opts.authorizePath}` },
    token: { url: `${opts.wechatUrl}/sns/oauth2/access_token` },
    userinfo: { url: `${opts.wechatUrl}/sns/userinfo` },
  });
  const config: AuthConfig = {
    secret: 'compat-suite-auth-secret-0123456789abcdef',
    trustHost: true,
    session: { strategy: 'jwt' },
    providers: [provider],
    // The application's own choice of what the session shows: the provider's profile() makes the
    // unionid the account id and the nickname the name; the openid is in the raw profile.
    callbacks: {
      jwt({ token, account, profile }) {
        if (account) {
          token.unionid = account.providerAccountId;
          token.openid = profile?.openid;
          token.scope = account.scope;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, openid: token.openid, unionid: token.unionid, scope: token.scope };
      },
    },
  };
  // Only Auth.js's routes go to Auth() (a browser also asks for /favicon.ico).
  const site: RunningServer = await listen((req) => (new URL(req.url).pathname.startsWith('/auth/') ? Auth(req, config) : new Response('', { status: 404 })));
  const sessionUrl = `${site.url}/auth/session`;
  return {
    config,
    url: site.url,
    sessionUrl,
    signIn: async (page) => {
      await page.goto(`${site.url}/auth/signin?callbackUrl=${encodeURIComponent(sessionUrl)}`);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/auth/signin/wechat"] button')]);
    },
    landed: async (page, s) => {
      const landed = await pollUntil('the browser back from the callback', async () => {
        const url = page.url();
        return url.startsWith(sessionUrl) || url.startsWith(`${site.url}/auth/error`) ? url : undefined;
      });
      expect(
        landed,
        `Auth.js ended on its error page; the mock's journal: ${JSON.stringify((await s.wechat.journal({ path: '/sns/' })).map((e) => [e.method, e.path, e.response.body]))}`,
      ).toBe(sessionUrl);
    },
    session: async (page) => {
      const cookie = (await page.cookies(site.url)).map((c) => `${c.name}=${c.value}`).join('; ');
      return (await Auth(new Request(sessionUrl, { headers: { cookie } }), config)).json() as Promise<Record<string, unknown>>;
    },
    close: () => site.close(),
  };
}

/** For a test file: a sandbox with a browser and the Auth.js site in front of it, started once and handed to `bind`. */
export function useAuthjsSite(opts: Omit<AuthjsSiteOptions, 'wechatUrl'>, bind: (s: Sandbox, site: AuthjsSite) => void): void {
  let s: Sandbox | undefined;
  let site: AuthjsSite | undefined;
  beforeAll(async () => {
    s = await startSandbox({ browser: true });
    site = await startAuthjsSite({ ...opts, wechatUrl: s.wechatUrl });
    bind(s, site);
  });
  afterAll(async () => {
    await site?.close();
    await s?.close();
  });
}
