import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { smsBannerLines, startMockSms, type SmsConfig } from '../mock-sms/app.ts';
import { loginBannerLines, startReferenceLogin } from '../reference-login/app.ts';
import { startConsole } from '../console/app.ts';
import { CA_DIR, DEFAULT_INTERCEPT_PORTS } from '../intercept/defaults.ts';
import { fastbeeUiBannerLines, startFastbeeUi } from '../fastbee-ui/server.ts';
import { loadConfig } from './config.ts';
import { acquireLock, describeHolder, lockHolder, type HeldLock } from './data-dir-lock.ts';
import { defineCommand, flag, UsageError, type FlagValues } from './flags.ts';
import { samePortTwice, unavailablePorts, unavailablePortsMessage, type PortUse } from './ports.ts';

const DEFAULT_PORTS = { login: 7700, wechat: 7701, sms: 7702, console: 7703, ...DEFAULT_INTERCEPT_PORTS, fastbeeUi: 7706 } as const;

/**
 * The flags of `wxmock start`, one line each: parsing and --help come from here, and every port
 * flag (flag.port, its help naming the service) is checked for clashes and for being free before
 * anything starts.
 */
const START_FLAGS = {
  host: flag.text('HOST', 'address every service listens on; beyond loopback needs --control-token', '127.0.0.1'),
  'login-port': flag.port(DEFAULT_PORTS.login, 'the reference login system'),
  'wechat-port': flag.port(DEFAULT_PORTS.wechat, 'mock WeChat'),
  'sms-port': flag.port(DEFAULT_PORTS.sms, 'mock SMS'),
  'console-port': flag.port(DEFAULT_PORTS.console, 'the console'),
  'data-dir': flag.text('DIR', 'where the state is kept across restarts; one running sandbox per dir', '.wxmock'),
  memory: flag.switch('keep the state in memory only (nothing written, no data-dir lock)'),
  config: flag.text('FILE', 'world and options to seed from (default: wxmock.config.json when it exists)'),
  'control-token': flag.text('TOKEN', 'secret the control API requires (header x-wxmock-token); required with a non-loopback --host'),
  'public-host': flag.text('HOST', 'address a phone reaches this machine at; goes into the QR code'),
  'proxy-port': flag.port(DEFAULT_PORTS.proxy, 'the HTTPS proxy for the real WeChat and SMS hostnames'),
  'https-port': flag.port(DEFAULT_PORTS.https, 'the hostname-mode HTTPS listener'),
  intercept: { ...flag.switch('the HTTPS proxy and hostname-mode listener (--no-intercept leaves them off)'), initial: true },
  'proxy-pass-through': flag.switch('let the proxy forward hosts it does not answer for to the internet (loopback only)'),
  'fastbee-ui': flag.text('DIR', "serve FastBee's real web UI (a build of its vue/, e.g. from npm run fastbee-ui) in front of the reference login system"),
  'fastbee-ui-port': flag.port(DEFAULT_PORTS.fastbeeUi, "FastBee's web UI (with --fastbee-ui)"),
};

type StartOptions = FlagValues<typeof START_FLAGS>;

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
  lines.push(
    `  personas      ${m.ctx.world
      .listPersonas()
      .map((p) => p.id)
      .join(', ')}`,
  );
  return lines;
}

/** `wxmock start`: the whole sandbox on fixed ports, state kept under --data-dir across restarts. */
async function start(o: StartOptions): Promise<number> {
  const host = o.host;
  const controlToken = o['control-token'];
  if (!LOOPBACK.has(host) && !controlToken) {
    throw new UsageError(`--host ${host} exposes the control API beyond this machine: add --control-token <secret> (clients then send header x-wxmock-token).`);
  }
  const dataDir = resolve(o['data-dir']);
  const memory = o.memory;
  const { config, file } = loadConfig(o.config);
  const publicHost = o['public-host'];
  // FastBee's web UI (a production build of its vue/) in front of reference-login: --fastbee-ui or login.fastbeeUi.
  const { fastbeeUi: configUi, ...loginConfig } = (config.login ?? {}) as Record<string, unknown>;
  const uiDir = o['fastbee-ui'] ? resolve(o['fastbee-ui']) : typeof configUi === 'string' ? resolve(file ? dirname(file) : '.', configUi) : undefined;
  if (uiDir && !existsSync(join(uiDir, 'index.html'))) {
    throw new UsageError(
      `--fastbee-ui ${uiDir}: no index.html there. Give the dist/ folder of a FastBee web UI build (npm run fastbee-ui -- <FastBee checkout> makes one).`,
    );
  }
  const passThrough = o['proxy-pass-through'];
  if (passThrough && !LOOPBACK.has(host)) {
    throw new UsageError(
      `--proxy-pass-through with --host ${host} would make an open proxy for the network: keep the proxy on loopback to pass requests through.`,
    );
  }
  // Every port this start will listen on: the optional services' only when they run.
  const unused = new Set([...(o.intercept ? [] : ['proxy-port', 'https-port']), ...(uiDir ? [] : ['fastbee-ui-port'])]);
  const ports: PortUse[] = Object.entries(START_FLAGS)
    .filter(([name, f]) => f.arg === 'PORT' && !unused.has(name))
    .map(([name, f]) => ({ flag: name, service: f.help, port: o[name as keyof StartOptions] as number }));
  const portOf = (name: string) => ports.find((p) => p.flag === name);
  const clash = samePortTwice(ports);
  if (clash) throw new UsageError(clash);

  let lock: HeldLock | undefined;
  if (!memory) {
    const got = acquireLock(dataDir);
    if (!got.ok) {
      console.error(
        [
          `wxmock start: ${dataDir} is in use by another wxmock (${describeHolder(got.holder)}).`,
          "Two sandboxes on one data dir would overwrite each other's state.",
          `Stop that one (Ctrl-C in its terminal, or: kill ${got.holder.pid}), or give this one its own state:`,
          '  npm start -- --data-dir .wxmock-2 --login-port 7710 --wechat-port 7711 --sms-port 7712 --console-port 7713',
          '  npm start -- --memory --login-port 7710 --wechat-port 7711 --sms-port 7712 --console-port 7713',
          `(If pid ${got.holder.pid} is not a wxmock, delete ${got.file}.)`,
        ].join('\n'),
      );
      return 1;
    }
    lock = got.lock;
    if (lock.tookOver) console.log(`(took over the lock of ${dataDir} from pid ${lock.tookOver.pid}, which is no longer running)`);
  }

  const busy = await unavailablePorts(host, ports);
  if (busy.length) {
    lock?.release();
    // The likely holder: the sandbox of this data dir (when this one runs --memory) or of the default one.
    console.error(unavailablePortsMessage(host, busy, lockHolder(dataDir) ?? lockHolder(resolve('.wxmock'))));
    return 1;
  }

  const dbFile = (name: string) => (memory ? ':memory:' : resolve(dataDir, `${name}.db`));
  const running: Running[] = [];
  let loginPage = '';
  let wechatButton = '微信登录';
  let consoleUrl = '';
  const stopAll = async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
    lock?.release();
  };
  let listening: PortUse | undefined;
  try {
    const wechatPort = o['wechat-port'];
    listening = portOf('wechat-port');
    const wechat = await startMockWechat({
      dbFile: dbFile('wechat'),
      world: config.wechat?.world,
      controlToken,
      port: wechatPort,
      host,
      publicUrl: publicHost ? `http://${publicHost}:${wechatPort}` : undefined,
    });
    if (config.wechat?.options) {
      const err = wechat.ctx.options.patch(config.wechat.options);
      if (err) throw new Error(`config wechat.options: ${err}`);
    }
    running.push({ name: 'mock-wechat', url: wechat.url, stop: wechat.stop, lines: wechatLines(wechat) });

    listening = portOf('sms-port');
    const sms = await startMockSms({ dbFile: dbFile('sms'), config: config.sms as SmsConfig | undefined, controlToken, port: o['sms-port'], host });
    const smsOptions = (config.sms as SmsConfig | undefined)?.options;
    if (smsOptions) {
      const err = sms.ctx.options.patch(smsOptions);
      if (err) throw new Error(`config sms.options: ${err}`);
    }
    running.push({ name: 'mock-sms', url: sms.url, stop: sms.stop, lines: smsBannerLines(sms) });

    const loginPort = o['login-port'];
    let fastbeeUiUrl: string | undefined;
    let loginUrl = '';
    if (uiDir) {
      // Listens before reference-login so the platform rows can name it; forwards once that listens.
      listening = portOf('fastbee-ui-port');
      const ui = await startFastbeeUi({ distDir: uiDir, backendUrl: () => loginUrl, port: o['fastbee-ui-port'], host });
      fastbeeUiUrl = publicHost ? `http://${publicHost}:${ui.port}` : ui.url;
      wechatButton = 'the WeChat icon under 其它登录方式';
      running.push({ name: 'fastbee-ui', url: fastbeeUiUrl, stop: ui.close, lines: fastbeeUiBannerLines(fastbeeUiUrl, uiDir) });
    }
    listening = portOf('login-port');
    const login = await startReferenceLogin({
      ...loginConfig,
      fastbeeUiUrl,
      dbFile: dbFile('login'),
      wechatApiBase: wechat.url,
      wechatOpenBase: publicHost ? `http://${publicHost}:${wechatPort}` : wechat.url,
      smsEndpoint: sms.url,
      controlToken,
      port: loginPort,
      host,
      publicUrl: publicHost ? `http://${publicHost}:${loginPort}` : undefined,
    });
    loginUrl = login.url;
    running.push({ name: 'reference-login', url: login.url, stop: login.stop, lines: loginBannerLines(login) });
    loginPage = fastbeeUiUrl ? `${fastbeeUiUrl}/login` : `${login.ctx.redirects.origin()}/login`;

    listening = portOf('console-port');
    const con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url, controlToken, port: o['console-port'], host });
    consoleUrl = controlToken ? `${con.url}/?token=${encodeURIComponent(controlToken)}` : con.url;
    running.push({ name: 'console', url: con.url, stop: con.stop, lines: ['  personas, apps, QR sessions, journal, SMS inbox, faults and clock'] });

    if (o.intercept) {
      // Started last and loaded only here: the plain ports do not wait for the CA or node-forge.
      const { startIntercept, interceptBannerLines } = await import('../intercept/index.ts');
      listening = portOf('proxy-port');
      const i = await startIntercept({
        apps: { wechat: wechat.app.fetch, sms: sms.app.fetch },
        caDir: memory ? undefined : resolve(dataDir, CA_DIR),
        host,
        passThrough,
        proxyPort: o['proxy-port'],
        httpsPort: o['https-port'],
      });
      running.push({ name: 'intercept', url: i.proxyUrl, stop: i.close, lines: interceptBannerLines(i) });
    }
    lock?.setUrls({ login: loginPage, console: con.url, wechat: wechat.url, sms: sms.url });
  } catch (e) {
    await stopAll();
    const err = e as NodeJS.ErrnoException;
    // Taken between the check above and the listen: the same message.
    if (err.code === 'EADDRINUSE' && listening)
      console.error(unavailablePortsMessage(host, [{ ...listening, code: err.code }], lockHolder(resolve('.wxmock'))));
    else console.error(`wxmock start failed: ${err.message}`);
    return 1;
  }

  // Listening for Ctrl-C / SIGTERM before the banner says to use them: a stop sent on seeing it must find them.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log(`wxmock sandbox${file ? ` (config ${file})` : ''}, state in ${memory ? 'memory' : dataDir}`);
  // What a person opens first goes on top: the login system, then the console.
  const order = ['fastbee-ui', 'reference-login', 'console', 'mock-wechat', 'mock-sms', 'intercept'];
  for (const r of [...running].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))) {
    console.log(`\n${r.name.padEnd(14)} ${r.url}`);
    for (const l of r.lines) console.log(l);
  }
  console.log(`\nOpen ${loginPage} and click ${wechatButton}; watch and steer the sandbox at ${consoleUrl}`);
  console.log(`Ctrl-C stops the sandbox; ${memory ? 'nothing is kept (--memory).' : 'state is kept for the next start.'}`);

  await stopped;
  await stopAll();
  return 0;
}

export const startCommand = defineCommand({
  name: 'start',
  summary: 'starts mock WeChat, mock SMS, the reference login system and the console',
  flags: START_FLAGS,
  notes: [
    'Through npm, flags go after "--" (npm keeps the ones before it):',
    '  npm start -- --login-port 8000 --memory',
    'State persists in --data-dir; a second start on the same dir is refused while the first runs.',
    'Ports taken? Another wxmock is probably running: stop it, or pick other ports with the flags above.',
  ],
  run: (o) => start(o),
});
