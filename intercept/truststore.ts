import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { certDer, type LocalCa } from './ca.ts';

const { asn1, pki } = forge;

/**
 * Java reads a certificate-only PKCS#12 entry as a trusted certificate only when its bag carries
 * this attribute (Oracle's "trusted key usage", as keytool writes it) with anyExtendedKeyUsage;
 * without it the JDK loads the file and trusts nothing (docs/intercept.md#wxmock-trust).
 */
const ORACLE_TRUSTED_KEY_USAGE = '2.16.840.1.113894.746875.1.1';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const MAC_ITERATIONS = 10_000;

export const DEFAULT_TRUSTSTORE_PASSWORD = 'changeit';

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const explicit0 = (inner: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();
/** PKCS#7 ContentInfo of type data around DER bytes. */
const dataContentInfo = (bytes: string) => seq([oid(pki.oids.data!), explicit0(octets(bytes))]);

/**
 * A PKCS#12 truststore holding the CA certificate as a trusted entry named `alias`, integrity
 * protected (HMAC-SHA1, as the JDK and OpenSSL expect) with `password`. Built with forge's ASN.1
 * writer, entry by entry as RFC 7292 lays it out.
 */
export function pkcs12Truststore(certPem: string, password = DEFAULT_TRUSTSTORE_PASSWORD, alias = 'wxmock-ca'): Buffer {
  const cert = pki.certificateFromPem(certPem);
  const certBag = seq([
    oid(pki.oids.certBag!),
    explicit0(seq([oid(pki.oids.x509Certificate!), explicit0(octets(der(pki.certificateToAsn1(cert))))])),
    set([
      seq([oid(pki.oids.friendlyName!), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, alias)])]),
      seq([oid(ORACLE_TRUSTED_KEY_USAGE), set([oid(ANY_EXTENDED_KEY_USAGE)])]),
    ]),
  ]);
  const authSafe = der(seq([dataContentInfo(der(seq([certBag])))]));

  const salt = forge.random.getBytesSync(20);
  const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, MAC_ITERATIONS, 20);
  const hmac = forge.hmac.create();
  hmac.start(forge.md.sha1.create(), macKey);
  hmac.update(authSafe);
  const macData = seq([
    seq([seq([oid(pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(salt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(MAC_ITERATIONS).getBytes()),
  ]);
  const pfx = seq([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()), dataContentInfo(authSafe), macData]);
  return Buffer.from(der(pfx), 'binary');
}

export interface TrustFiles {
  pem: string;
  der: string;
  p12: string;
  password: string;
}

/** File names `wxmock trust --out` writes; beside the CA itself they are ca.pem, ca.der and truststore.p12. */
const TRUST_FILE_NAMES = { pem: 'wxmock-ca.pem', der: 'wxmock-ca.der', p12: 'wxmock-truststore.p12' };
const NAMES_BESIDE_CA = { pem: 'ca.pem', der: 'ca.der', p12: 'truststore.p12' };

/**
 * Writes what each runtime needs into `dir` (default: the CA's own folder): the CA as PEM and
 * DER, and the JVM truststore.
 */
export function writeTrustFiles(ca: LocalCa, dir = ca.dir, password = DEFAULT_TRUSTSTORE_PASSWORD): TrustFiles {
  mkdirSync(dir, { recursive: true });
  const names = dir === ca.dir ? NAMES_BESIDE_CA : TRUST_FILE_NAMES;
  const files = { pem: join(dir, names.pem), der: join(dir, names.der), p12: join(dir, names.p12), password };
  if (files.pem !== ca.certPath) copyFileSync(ca.certPath, files.pem);
  writeFileSync(files.der, certDer(ca.certPem));
  writeFileSync(files.p12, pkcs12Truststore(ca.certPem, password));
  return files;
}
