import { createSecureContext, type SecureContext } from 'node:tls';
import forge from 'node-forge';
import { rsaKeyPair, serialNumber, type KeyPairPem, type LocalCa } from './ca.ts';

const DAY = 86_400_000;

/**
 * Server certificates for the intercepted names, signed by the local CA: made on first use and
 * kept for the life of the process (only the CA is kept on disk). All share one key, made once,
 * which keeps a certificate's cost to one signature.
 */
export class LeafCertificates {
  private readonly contexts = new Map<string, SecureContext>();
  private readonly pems = new Map<string, string>();

  private constructor(
    private readonly ca: LocalCa,
    private readonly key: KeyPairPem,
  ) {}

  static async create(ca: LocalCa): Promise<LeafCertificates> {
    return new LeafCertificates(ca, await rsaKeyPair());
  }

  /** The certificate (PEM) for these DNS names; the first is its common name. */
  certificatePem(names: readonly string[]): string {
    const id = names.join(',');
    let pem = this.pems.get(id);
    if (!pem) {
      pem = forge.pki.certificateToPem(this.sign(names));
      this.pems.set(id, pem);
    }
    return pem;
  }

  /** A TLS context presenting the certificate for `names` followed by the CA certificate. */
  context(names: readonly string[]): SecureContext {
    const id = names.join(',');
    let ctx = this.contexts.get(id);
    if (!ctx) {
      ctx = createSecureContext({ key: this.key.privateKeyPem, cert: `${this.certificatePem(names)}${this.ca.certPem}` });
      this.contexts.set(id, ctx);
    }
    return ctx;
  }

  private sign(names: readonly string[]): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(this.key.publicKeyPem);
    cert.serialNumber = serialNumber();
    const now = Date.now();
    cert.validity.notBefore = new Date(now - DAY);
    // Under the 398 days some clients accept at most for a server certificate.
    cert.validity.notAfter = new Date(now + 397 * DAY);
    cert.setSubject([{ name: 'commonName', value: names[0]! }]);
    cert.setIssuer(this.ca.cert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.ca.cert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.ca.key, forge.md.sha256.create());
    return cert;
  }
}
