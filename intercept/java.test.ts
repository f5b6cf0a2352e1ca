import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../harness/index.ts';

// A Java program using only the JDK, compiled here, reaching https://api.weixin.qq.com through the
// proxy with nothing but JVM flags: the proxy, and the truststore the sandbox wrote.
const hasJavac = (() => {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const PROGRAM = `
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.HttpsURLConnection;

/** Exchanges one code with HttpsURLConnection and one with java.net.http.HttpClient; prints one line each. */
public class Exchange {
  public static void main(String[] args) {
    try {
      HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
      System.out.println("HttpsURLConnection " + c.getResponseCode() + " " + new String(c.getInputStream().readAllBytes(), "UTF-8"));
    } catch (Exception e) {
      System.out.println("HttpsURLConnection failed " + e);
    }
    try {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(args[1])).build(), HttpResponse.BodyHandlers.ofString());
      System.out.println("HttpClient " + r.statusCode() + " " + r.body());
    } catch (Exception e) {
      System.out.println("HttpClient failed " + e);
    }
  }
}
`;

function java(dir: string, args: string[], javaToolOptions: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, JAVA_TOOL_OPTIONS: javaToolOptions };
    execFile('java', ['-cp', dir, 'Exchange', ...args], { env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe.skipIf(!hasJavac)('the JDK through the proxy (skipped: no javac; Debian: apt-get install default-jdk-headless)', () => {
  let s: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-java-'));
  beforeAll(async () => {
    s = await startSandbox({ intercept: true });
    writeFileSync(join(dir, 'Exchange.java'), PROGRAM);
    execFileSync('javac', ['-d', dir, join(dir, 'Exchange.java')], { stdio: 'pipe' });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function twoExchanges(): Promise<string[]> {
    const web = await s.wechat.app('web');
    const url = async () =>
      `https://api.weixin.qq.com/sns/oauth2/access_token?appid=${web.appid}&secret=${web.secret}&code=${await s.wechat.code('web', 'zhangsan')}&grant_type=authorization_code`;
    return [await url(), await url()];
  }

  it('HttpsURLConnection and HttpClient exchange a code with the generated truststore', async () => {
    const out = await java(dir, await twoExchanges(), s.intercept!.env.JAVA_TOOL_OPTIONS!);
    const openid = await s.wechat.openid('zhangsan', 'web');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^HttpsURLConnection 200 \{/);
    expect(lines[1]).toMatch(/^HttpClient 200 \{/);
    for (const l of lines) expect(JSON.parse(l.slice(l.indexOf('{')))).toMatchObject({ openid });
  });

  it('in hostname mode, with -Djdk.net.hosts.file mapping the name to the listener', async () => {
    const hostsFile = join(dir, 'wxmock-hosts');
    writeFileSync(hostsFile, '127.0.0.1 api.weixin.qq.com\n');
    const port = new URL(s.intercept!.httpsUrl).port;
    const urls = (await twoExchanges()).map((u) => u.replace('https://api.weixin.qq.com/', `https://api.weixin.qq.com:${port}/`));
    const { truststore } = s.intercept!;
    const out = await java(
      dir,
      urls,
      `-Djdk.net.hosts.file=${hostsFile} -Djavax.net.ssl.trustStore=${truststore.path} -Djavax.net.ssl.trustStorePassword=${truststore.password}`,
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^HttpsURLConnection 200 \{/);
    expect(lines[1]).toMatch(/^HttpClient 200 \{/);
  });

  it('fails with a certificate error without the truststore', async () => {
    const proxy = new URL(s.intercept!.proxyUrl);
    const out = await java(dir, await twoExchanges(), `-Dhttps.proxyHost=${proxy.hostname} -Dhttps.proxyPort=${proxy.port}`);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^HttpsURLConnection failed javax\.net\.ssl\.SSLHandshakeException: PKIX path building failed/);
    expect(lines[1]).toMatch(/^HttpClient failed javax\.net\.ssl\.SSLHandshakeException: PKIX path building failed/);
  });
});
