import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fingerprint256, loadOrCreateCa } from '../intercept/ca.ts';
import { CA_DIR, DEFAULT_INTERCEPT_PORTS } from '../intercept/defaults.ts';
import { DEFAULT_TRUSTSTORE_PASSWORD, writeTrustFiles } from '../intercept/truststore.ts';
import { defineCommand, flag, type FlagValues } from './flags.ts';

/** Where Debian's update-ca-certificates picks up local CAs (a .crt file in PEM). */
const DEBIAN_CA_FILE = '/usr/local/share/ca-certificates/wxmock-ca.crt';

/**
 * `wxmock trust`: what each runtime needs to trust the sandbox's CA. Prints the CA and the line
 * for each runtime; --out writes PEM, DER and the JVM truststore; --system installs it in Debian's
 * trust store (nothing is installed anywhere without it).
 */
const TRUST_FLAGS = {
  'data-dir': flag.text('DIR', 'the sandbox whose CA to use (made there when missing)', '.wxmock'),
  out: flag.text('DIR', 'also write the CA as PEM and DER and a PKCS#12 truststore there'),
  password: flag.text('PASSWORD', "the PKCS#12 truststore's password", DEFAULT_TRUSTSTORE_PASSWORD),
  system: flag.switch("install the CA in Debian's trust store (update-ca-certificates; needs root)"),
};

async function trust(o: FlagValues<typeof TRUST_FLAGS>): Promise<number> {
  const dataDir = resolve(o['data-dir']);
  const password = o.password;
  const ca = await loadOrCreateCa(resolve(dataDir, CA_DIR));
  const out = o.out ? resolve(o.out) : undefined;
  // Beside the CA (the sandbox's own folder) or where --out says.
  const files = writeTrustFiles(ca, out ?? ca.dir, password);
  const proxy = `http://127.0.0.1:${DEFAULT_INTERCEPT_PORTS.proxy}`;

  console.log(`# wxmock local CA (${ca.certPath}), SHA-256 ${fingerprint256(ca.certPem)}`);
  console.log(ca.certPem.trim());
  console.log('');
  if (out) console.log(`wrote ${files.pem} (PEM), ${files.der} (DER), ${files.p12} (PKCS#12 truststore, password ${password})\n`);
  console.log(`curl:   curl --proxy ${proxy} --cacert ${files.pem} https://api.weixin.qq.com/…`);
  console.log(`Node:   node --import wxmock/intercept app.js        (nothing else; for a proxy or hostname mode instead: NODE_EXTRA_CA_CERTS=${files.pem})`);
  console.log(
    `JVM:    JAVA_TOOL_OPTIONS="-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=${DEFAULT_INTERCEPT_PORTS.proxy} -Djavax.net.ssl.trustStore=${files.p12} -Djavax.net.ssl.trustStorePassword=${password} -Djavax.net.ssl.trustStoreType=PKCS12"`,
  );
  console.log(`DER:    ${files.der}   (keytool -importcert, Android, Windows)`);
  if (!o.system) {
    console.log(`Debian: sudo wxmock trust --system   (copies the CA to ${DEBIAN_CA_FILE} and runs update-ca-certificates; only with --system)`);
    return 0;
  }
  if (!existsSync('/usr/sbin/update-ca-certificates')) {
    console.error('--system: update-ca-certificates is not here (Debian/Ubuntu: apt-get install ca-certificates). Nothing was installed.');
    return 1;
  }
  try {
    copyFileSync(ca.certPath, DEBIAN_CA_FILE);
    execFileSync('/usr/sbin/update-ca-certificates', { stdio: 'inherit' });
  } catch (e) {
    console.error(`--system: ${(e as Error).message} (run as root). Nothing more was changed.`);
    return 1;
  }
  console.log(`Debian: installed ${DEBIAN_CA_FILE}. To undo: sudo rm ${DEBIAN_CA_FILE} && sudo update-ca-certificates --fresh (see docs/intercept.md)`);
  return 0;
}

export const trustCommand = defineCommand({
  name: 'trust',
  summary: "prints the sandbox's CA and what curl, Node and the JVM need to trust it",
  flags: TRUST_FLAGS,
  notes: ['Example: npx wxmock trust --out trust   (see docs/intercept.md)'],
  run: (o) => trust(o),
});
