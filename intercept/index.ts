import { fileURLToPath, pathToFileURL } from 'node:url';
import { fingerprint256, loadOrCreateCa, spkiSha256, throwawayCa, type LocalCa } from './ca.ts';
import { hostDispatcher, type FetchHandler } from './dispatch.ts';
import { INTERCEPTED_HOSTS } from './hosts.ts';
import { LeafCertificates } from './leaf.ts';
import { createProxyServer } from './proxy.ts';
import { createTlsServer } from './tls-listener.ts';
import { listenServer } from '../core/serve.ts';
import { writeTrustFiles, type TrustFiles } from './truststore.ts';

export { INTERCEPTED_HOSTS, hostsFileLines, serviceFor } from './hosts.ts';
export { loadOrCreateCa, throwawayCa, type LocalCa } from './ca.ts';
export { writeTrustFiles, pkcs12Truststore, DEFAULT_TRUSTSTORE_PASSWORD } from './truststore.ts';

export { DEFAULT_INTERCEPT_PORTS, CA_DIR } from './defaults.ts';
/**
 * The Node preload, as a file (`node --import wxmock/intercept` resolves to it). Relative to the
 * package root, so it holds from intercept/ and from the compiled dist/ alike.
 */
const PRELOAD_FILE = fileURLToPath(new URL('../intercept/preload.mjs', import.meta.url));

export interface InterceptOptions {
  /** the Hono apps the plain ports serve */
  apps: { wechat: FetchHandler; sms: FetchHandler };
  /** where the CA is kept (made on first use); a throwaway CA when left out */
  caDir?: string;
  host?: string;
  /** 0 (the default) picks a free port */
  proxyPort?: number;
  httpsPort?: number;
  passThrough?: boolean;
}

export interface Intercept {
  /** the HTTPS (CONNECT) proxy, e.g. http://127.0.0.1:7704 */
  proxyUrl: string;
  /** hostname mode: the HTTPS listener that answers as the intercepted hosts */
  httpsUrl: string;
  httpsPort: number;
  ca: LocalCa;
  /** the CA as PEM and DER and the JVM truststore, written next to the CA */
  trust: TrustFiles;
  /** environment for a child process: the Node preload, NODE_EXTRA_CA_CERTS and the JVM's proxy and truststore */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** What `node --import wxmock/intercept` asks the proxy for (GET /__wxmock/intercept). */
export interface InterceptInfo {
  service: 'wxmock intercept';
  /** host:port of the HTTPS listener; the preload keeps the host it reached the proxy at */
  httpsPort: number;
  hosts: string[];
  ca: string;
}

/** The environment that sends a child process's traffic for the intercepted hosts to this sandbox. */
function interceptEnv(i: { proxyUrl: string; trust: TrustFiles; caPath: string }, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const proxy = new URL(i.proxyUrl);
  const nodeOptions = [base.NODE_OPTIONS, `--import=${pathToFileURL(PRELOAD_FILE).href}`].filter(Boolean).join(' ');
  const java = [
    `-Dhttps.proxyHost=${proxy.hostname}`,
    `-Dhttps.proxyPort=${proxy.port}`,
    `-Djavax.net.ssl.trustStore=${i.trust.p12}`,
    `-Djavax.net.ssl.trustStorePassword=${i.trust.password}`,
    '-Djavax.net.ssl.trustStoreType=PKCS12',
  ];
  return {
    WXMOCK_INTERCEPT: i.proxyUrl,
    NODE_OPTIONS: nodeOptions,
    NODE_EXTRA_CA_CERTS: i.caPath,
    JAVA_TOOL_OPTIONS: [base.JAVA_TOOL_OPTIONS, ...java].filter(Boolean).join(' '),
  };
}

/**
 * Starts the three ways in beside the mocks: the CONNECT proxy, the hostname-mode HTTPS listener
 * (the Node preload uses it too), both handing requests to the apps the plain ports serve.
 */
export async function startIntercept(opts: InterceptOptions): Promise<Intercept> {
  const host = opts.host ?? '127.0.0.1';
  const ca = opts.caDir ? await loadOrCreateCa(opts.caDir) : await throwawayCa();
  const closers: (() => Promise<void> | void)[] = [() => ca.dispose()];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const trust = writeTrustFiles(ca);
    const dispatch = hostDispatcher(opts.apps);
    const tlsServer = createTlsServer(await LeafCertificates.create(ca), dispatch);
    const https = await listenServer(tlsServer, { port: opts.httpsPort ?? 0, host }, 'https');
    closers.push(https.close);
    const info: InterceptInfo = { service: 'wxmock intercept', httpsPort: https.port, hosts: INTERCEPTED_HOSTS.map((h) => h.host), ca: ca.certPem };
    const proxyServer = createProxyServer({ tls: tlsServer, dispatch, passThrough: opts.passThrough ?? false, info: () => info, caPem: ca.certPem });
    const proxy = await listenServer(proxyServer.server, { port: opts.proxyPort ?? 0, host }, 'http');
    closers.push(async () => {
      proxyServer.destroyTunnels();
      await proxy.close();
    });
    return {
      proxyUrl: proxy.url,
      httpsUrl: https.url,
      httpsPort: https.port,
      ca,
      trust,
      env: interceptEnv({ proxyUrl: proxy.url, trust, caPath: ca.certPath }),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Lines for the `wxmock start` banner. */
export function interceptBannerLines(i: Intercept): string[] {
  return [
    `  HTTPS proxy   ${i.proxyUrl}   (curl --proxy ${i.proxyUrl} --cacert ${i.trust.pem} https://api.weixin.qq.com/…)`,
    `  hostname mode ${i.httpsUrl}   (map the hosts to this machine: wxmock hosts)`,
    `  Node          WXMOCK_INTERCEPT=${i.proxyUrl} node --import wxmock/intercept app.js`,
    `  CA            ${i.ca.certPath}  SHA-256 ${fingerprint256(i.ca.certPem)}`,
    `  JVM           truststore ${i.trust.p12} (password ${i.trust.password}); wxmock trust prints the flags`,
  ];
}

export { spkiSha256 };
