import { createHash, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * The local certificate authority the intercepted hostnames' certificates chain to
 * (docs/intercept.md#the-certificate-authority). node-forge builds the certificates; node:crypto
 * makes the RSA keys (forge's pure-JavaScript key generation takes seconds).
 */
export interface LocalCa {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  /** the folder holding ca.pem and ca-key.pem */
  dir: string;
  certPath: string;
  keyPath: string;
  /** true for a throwaway CA (--memory, the harness): its folder goes away on dispose() */
  temporary: boolean;
  dispose(): void;
}

const CA_CERT_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
const DAY = 86_400_000;

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** An RSA key pair as PEM, made by node:crypto off the event loop (the mocks keep answering meanwhile). */
export function rsaKeyPair(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ privateKeyPem: privateKey, publicKeyPem: publicKey })),
    );
  });
}

/** A positive random serial number in forge's hex form. */
export function serialNumber(): string {
  return `01${randomBytes(15).toString('hex')}`;
}

function makeCaCertificate(keys: KeyPairPem): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
  cert.serialNumber = serialNumber();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY);
  cert.validity.notAfter = new Date(now + 10 * 365 * DAY);
  const subject = [
    // The serial's start tells two sandboxes' CAs apart in a trust store listing.
    { name: 'commonName', value: `wxmock local CA ${cert.serialNumber.slice(2, 10)}` },
    { name: 'organizationName', value: 'wxmock sandbox (not for production)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return cert;
}

function fromPem(dir: string, certPem: string, keyPem: string, temporary: boolean): LocalCa {
  return {
    certPem,
    keyPem,
    dir,
    temporary,
    cert: forge.pki.certificateFromPem(certPem),
    key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    certPath: join(dir, CA_CERT_FILE),
    keyPath: join(dir, CA_KEY_FILE),
    dispose: () => {
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function writeCa(dir: string): Promise<{ certPem: string; keyPem: string }> {
  const keys = await rsaKeyPair();
  const certPem = forge.pki.certificateToPem(makeCaCertificate(keys));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, CA_KEY_FILE);
  writeFileSync(keyPath, keys.privateKeyPem, { mode: 0o600 });
  chmodSync(keyPath, 0o600); // in case the file was there already with a wider mode
  writeFileSync(join(dir, CA_CERT_FILE), certPem, { mode: 0o644 });
  return { certPem, keyPem: keys.privateKeyPem };
}

/** The CA kept in `dir` (made there on first use), so clients that trust it keep trusting it across restarts. */
export async function loadOrCreateCa(dir: string): Promise<LocalCa> {
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    chmodSync(keyPath, 0o600);
    return fromPem(dir, readFileSync(certPath, 'utf8'), readFileSync(keyPath, 'utf8'), false);
  }
  const { certPem, keyPem } = await writeCa(dir);
  return fromPem(dir, certPem, keyPem, false);
}

/** A fresh CA in a temporary folder, for --memory and the harness; dispose() deletes it. */
export async function throwawayCa(): Promise<LocalCa> {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-ca-'));
  const { certPem, keyPem } = await writeCa(dir);
  return fromPem(dir, certPem, keyPem, true);
}

/** The CA certificate in DER (what Windows, Android and `keytool -importcert` also take). */
export function certDer(certPem: string): Buffer {
  return new X509Certificate(certPem).raw;
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list takes these. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** SHA-256 fingerprint as printed by openssl and keytool (AB:CD:…). */
export function fingerprint256(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
