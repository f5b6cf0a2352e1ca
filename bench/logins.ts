import { MiniProgram } from '../harness/mini-program.ts';
import { MobileApp } from '../harness/mobile-app.ts';
import { referenceTarget } from '../harness/targets/targets.ts';
import { WechatControl } from '../harness/wechat-control.ts';
import { startServer } from './child.ts';
import { median } from './load.ts';

export interface LoginFigure {
  flow: 'mobile' | 'mini';
  label: string;
  logins: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  failures: number;
  firstFailure?: string;
  /** HTTP requests one login takes, all services counted */
  requestsPerLogin: number;
  concurrency: number;
}

const PERSONA = 'zhangsan';

/**
 * Whole logins through reference-login, the harness playing the clients exactly as the scenario
 * pack does: mock-wechat, mock-sms and reference-login in one server process (startSandbox's
 * layout), the clients in this one.
 */
export async function measureLogins(o: { seconds: number; concurrency: number; root?: string }, log: (s: string) => void): Promise<LoginFigure[]> {
  const server = await startServer('sandbox', undefined, o.root);
  try {
    const wechat = new WechatControl(server.wechatUrl!);
    const target = referenceTarget(server.url);

    // Bind the persona's WeChat to admin once, so every measured mobile login ends in a token.
    const first = await new MobileApp(target.apps.mobile, wechat, target.api).login(PERSONA);
    const bindId = first.result?.data?.bindId as string | undefined;
    if (!bindId) throw new Error(`bench setup: expected a bindId, got ${JSON.stringify(first.result)}`);
    const bound = await target.api.bindLogin({ bindId, username: target.admin.username, password: target.admin.password });
    if (bound.code !== 200) throw new Error(`bench setup: bind failed ${JSON.stringify(bound)}`);

    const flows: { flow: LoginFigure['flow']; label: string; once: (api: typeof target.api) => Promise<string | undefined> }[] = [
      {
        flow: 'mobile',
        label: 'mobile app (SendAuth → /wechat/mobileLogin → token)',
        once: async (api) => {
          const { result } = await new MobileApp(target.apps.mobile, wechat, api).login(PERSONA);
          return result?.code === 200 && result.data?.token ? undefined : JSON.stringify(result);
        },
      },
      {
        flow: 'mini',
        label: 'mini program (wx.login + getPhoneNumber → /wechat/miniLogin → token)',
        once: async (api) => {
          const { result, phone } = await new MiniProgram(target.apps.mini, wechat, api).phoneLogin(PERSONA);
          return result?.code === 200 && result.data?.token ? undefined : JSON.stringify(result ?? phone);
        },
      },
    ];

    const out: LoginFigure[] = [];
    for (const f of flows) {
      for (let i = 0; i < 20; i++) {
        const failed = await f.once(target.api); // warm-up (and the app token the mini program flow caches)
        if (failed) throw new Error(`bench setup: ${f.label} failed: ${failed}`);
      }
      // Requests per login, counted once in the steady state: the mock's journal holds every WeChat
      // call (the client SDK plays included), and the login system's own endpoint is one more.
      await wechat.http.delete('/__mock/journal');
      await f.once(target.api);
      const requestsPerLogin = (await wechat.journal({ limit: 100 })).length + 1;
      const times: number[] = [];
      let failures = 0;
      let firstFailure: string | undefined;
      const started = performance.now();
      const deadline = started + o.seconds * 1000;
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          const api = target.api.newBrowser();
          while (performance.now() < deadline) {
            const t = performance.now();
            const failed = await f.once(api).catch((e: Error) => e.message);
            times.push(performance.now() - t);
            if (failed) {
              failures++;
              firstFailure ??= failed;
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const fig: LoginFigure = {
        flow: f.flow,
        label: f.label,
        logins: times.length - failures,
        seconds,
        perSecond: (times.length - failures) / seconds,
        p50Ms: median(times),
        failures,
        firstFailure,
        requestsPerLogin,
        concurrency: o.concurrency,
      };
      log(
        `  ${f.label}: ${fig.perSecond.toFixed(0)} logins/s, p50 ${fig.p50Ms.toFixed(1)} ms, ${requestsPerLogin} requests each${failures ? `, ${failures} failed (${firstFailure})` : ''}`,
      );
      out.push(fig);
    }
    return out;
  } finally {
    await server.stop();
  }
}
