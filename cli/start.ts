import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { smsBannerLines, startMockSms, type SmsConfig } from '../mock-sms/app.ts';
import { loginBannerLines, startReferenceLogin } from '../reference-login/app.ts';
import { startConsole } from '../console/app.ts';
import { fastbeeUiBannerLines, startFastbeeUi } from '../fastbee-ui/server.ts';
import { intFlag } from './args.ts';
import { loadConfig } from './config.ts';

export const DEFAULT_PORTS = { login: 7700, wechat: 7701, sms: 7702, console: 7703, fastbeeUi: 7704 } as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

interface Running {
  name: string;
  url: string;
  stop(): Promise<void>;
  lines: string[];
}

function wechatLines(m: StartedMockWechat): string[] {
  const lines = [`  control API   ${m.url}/__mock/world`];
  for (const a of m.ctx.world.listApps()) {
    const extra = a.type === 'web' ? ` callback domain ${a.callbackDomain ?? '-'}` : a.type === 'mobile' ? ` base ${a.base}` : '';
    lines.push(`  ${a.key.padEnd(16)} ${a.type.padEnd(11)} appid ${a.appid}  secret ${a.secret}${extra}`);
  }
  lines.push(`  personas      ${m.ctx.world.listPersonas().map((p) => p.id).join(', ')}`);
  return lines;
}

/** `wxmock start`: the whole sandbox on fixed ports, state kept under --data-dir across restarts. */
export async function start(flags: Record<string, string | boolean>): Promise<number> {
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  const controlToken = typeof flags['control-token'] === 'string' ? flags['control-token'] : undefined;
  if (!LOOPBACK.has(host) && !controlToken) {
    console.error(`--host ${host} exposes the control API beyond this machine: add --control-token <secret> (clients then send header x-wxmock-token).`);
    return 2;
  }
  const dataDir = resolve(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : '.wxmock');
  const memory = flags.memory === true;
  const dbFile = (name: string) => (memory ? ':memory:' : resolve(dataDir, `${name}.db`));
  const { config, file } = loadConfig(typeof flags.config === 'string' ? flags.config : undefined);
  const publicHost = typeof flags['public-host'] === 'string' ? flags['public-host'] : undefined;
  // FastBee's web UI (a production build of its vue/) in front of reference-login: --fastbee-ui or login.fastbeeUi.
  const { fastbeeUi: configUi, ...loginConfig } = (config.login ?? {}) as Record<string, unknown>;
  const uiDir = typeof flags['fastbee-ui'] === 'string' ? resolve(flags['fastbee-ui']) : typeof configUi === 'string' ? resolve(file ? dirname(file) : '.', configUi) : undefined;
  if (uiDir && !existsSync(join(uiDir, 'index.html'))) {
    console.error(`--fastbee-ui ${uiDir}: no index.html there. Give the dist/ folder of a FastBee web UI build (npm run fastbee-ui -- <FastBee checkout> makes one).`);
    return 2;
  }

  const running: Running[] = [];
  let loginPage = '';
  let wechatButton = '微信登录';
  let consoleUrl = '';
  const stopAll = async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
  };
  try {
    const wechatPort = intFlag(flags, 'wechat-port', DEFAULT_PORTS.wechat);
    const wechat = await startMockWechat({
      dbFile: dbFile('wechat'), world: config.wechat?.world, controlToken, port: wechatPort, host,
      publicUrl: publicHost ? `http://${publicHost}:${wechatPort}` : undefined,
    });
    if (config.wechat?.options) {
      const err = wechat.ctx.options.patch(config.wechat.options);
      if (err) throw new Error(`config wechat.options: ${err}`);
    }
    running.push({ name: 'mock-wechat', url: wechat.url, stop: wechat.stop, lines: wechatLines(wechat) });

    const smsPort = intFlag(flags, 'sms-port', DEFAULT_PORTS.sms);
    const sms = await startMockSms({ dbFile: dbFile('sms'), config: config.sms as SmsConfig | undefined, controlToken, port: smsPort, host });
    const smsOptions = (config.sms as SmsConfig | undefined)?.options;
    if (smsOptions) {
      const err = sms.ctx.options.patch(smsOptions);
      if (err) throw new Error(`config sms.options: ${err}`);
    }
    running.push({ name: 'mock-sms', url: sms.url, stop: sms.stop, lines: smsBannerLines(sms) });

    const loginPort = intFlag(flags, 'login-port', DEFAULT_PORTS.login);
    let fastbeeUiUrl: string | undefined;
    let loginUrl = '';
    if (uiDir) {
      // Listens before reference-login so the platform rows can name it; forwards once that listens.
      const uiPort = intFlag(flags, 'fastbee-ui-port', DEFAULT_PORTS.fastbeeUi);
      const ui = await startFastbeeUi({ distDir: uiDir, backendUrl: () => loginUrl, port: uiPort, host });
      fastbeeUiUrl = publicHost ? `http://${publicHost}:${ui.port}` : ui.url;
      wechatButton = 'the WeChat icon under 其它登录方式';
      running.push({ name: 'fastbee-ui', url: fastbeeUiUrl, stop: ui.close, lines: fastbeeUiBannerLines(fastbeeUiUrl, uiDir) });
    }
    const login = await startReferenceLogin({
      ...loginConfig,
      fastbeeUiUrl,
      dbFile: dbFile('login'), wechatApiBase: wechat.url, wechatOpenBase: publicHost ? `http://${publicHost}:${wechatPort}` : wechat.url,
      smsEndpoint: sms.url, controlToken, port: loginPort, host, publicUrl: publicHost ? `http://${publicHost}:${loginPort}` : undefined,
    });
    loginUrl = login.url;
    running.push({ name: 'reference-login', url: login.url, stop: login.stop, lines: loginBannerLines(login) });
    loginPage = fastbeeUiUrl ? `${fastbeeUiUrl}/login` : `${login.ctx.redirects.origin()}/login`;

    const consolePort = intFlag(flags, 'console-port', DEFAULT_PORTS.console);
    const con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url, controlToken, port: consolePort, host });
    consoleUrl = controlToken ? `${con.url}/?token=${encodeURIComponent(controlToken)}` : con.url;
    running.push({ name: 'console', url: con.url, stop: con.stop, lines: ['  personas, apps, QR sessions, journal, SMS inbox, faults and clock'] });
  } catch (e) {
    await stopAll();
    const err = e as NodeJS.ErrnoException;
    console.error(err.code === 'EADDRINUSE' ? `port in use: ${err.message}. Pick other ports with --wechat-port/--sms-port/--login-port/--fastbee-ui-port.` : `wxmock start failed: ${err.message}`);
    return 1;
  }

  console.log(`wxmock sandbox${file ? ` (config ${file})` : ''}, state in ${memory ? 'memory' : dataDir}`);
  // What a person opens first goes on top: the login system, then the console.
  const order = ['fastbee-ui', 'reference-login', 'console', 'mock-wechat', 'mock-sms'];
  for (const r of [...running].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))) {
    console.log(`\n${r.name.padEnd(14)} ${r.url}`);
    for (const l of r.lines) console.log(l);
  }
  console.log(`\nOpen ${loginPage} and click ${wechatButton}; watch and steer the sandbox at ${consoleUrl}`);
  console.log('Ctrl-C stops the sandbox; state is kept for the next start.');

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await stopAll();
  return 0;
}
