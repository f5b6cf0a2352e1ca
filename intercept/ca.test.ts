import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateCa, throwawayCa } from './ca.ts';
import { LeafCertificates } from './leaf.ts';
import { writeTrustFiles } from './truststore.ts';

const hasKeytool = (() => {
  try {
    execFileSync('keytool', ['-help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'wxmock-ca-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local CA', () => {
  it('is made once per folder, its key 0600 in a 0700 folder, and loaded again as it was', async () => {
    const first = await loadOrCreateCa(join(dir, 'ca'));
    expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(first.dir).mode & 0o777).toBe(0o700);
    const x = new X509Certificate(first.certPem);
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    const again = await loadOrCreateCa(join(dir, 'ca'));
    expect(again.certPem).toBe(first.certPem);
    expect(again.keyPem).toBe(first.keyPem);
  });

  it('a throwaway CA is new each time and its folder goes on dispose()', async () => {
    const a = await throwawayCa();
    const b = await throwawayCa();
    expect(a.certPem).not.toBe(b.certPem);
    expect(statSync(a.keyPath).mode & 0o777).toBe(0o600);
    a.dispose();
    b.dispose();
    expect(existsSync(a.dir)).toBe(false);
  });

  it('signs a server certificate per name that chains to it', async () => {
    const ca = await loadOrCreateCa(join(dir, 'ca'));
    const leaf = new X509Certificate((await LeafCertificates.create(ca)).certificatePem(['sms.tencentcloudapi.com']));
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(leaf.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(leaf.checkHost('sms.tencentcloudapi.com')).toBe('sms.tencentcloudapi.com');
    expect(leaf.checkHost('api.weixin.qq.com')).toBeUndefined();
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
  });

  it.skipIf(!hasKeytool)(`writes a PKCS#12 truststore the JDK lists as a trusted certificate${hasKeytool ? '' : ' (skipped: no keytool)'}`, async () => {
    const ca = await loadOrCreateCa(join(dir, 'ca'));
    const files = writeTrustFiles(ca, join(dir, 'out'), 's3cret');
    const list = execFileSync('keytool', ['-list', '-v', '-keystore', files.p12, '-storetype', 'PKCS12', '-storepass', 's3cret'], { encoding: 'utf8' });
    expect(list).toContain('Your keystore contains 1 entry');
    expect(list).toContain('Entry type: trustedCertEntry');
    expect(list).toContain(new X509Certificate(ca.certPem).fingerprint256);
    expect(new X509Certificate(readFileSync(files.der)).fingerprint256).toBe(new X509Certificate(ca.certPem).fingerprint256);
    // The password guards the file's integrity.
    expect(() => execFileSync('keytool', ['-list', '-keystore', files.p12, '-storetype', 'PKCS12', '-storepass', 'wrong'], { stdio: 'pipe' })).toThrow();
  });
});
