import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../harness/index.ts';
import { APPS } from '../mock-wechat/test-support.ts';

/**
 * A client that picks how to read an answer by its Content-Type, the way Spring's RestTemplate
 * picks a message converter (docs/clients.md): a Map through Jackson only for application/json or
 * application/*+json, else "no suitable HttpMessageConverter"; a String through the charset of the
 * Content-Type, else ISO-8859-1 (JSON: UTF-8). Such a client passes against a mock that answers
 * application/json and breaks on WeChat's text/plain; against wxmock's default it breaks as it
 * would in production, and with snsContentType "json" it passes.
 */
class ConverterClient {
  async getForMap(url: string): Promise<Record<string, unknown>> {
    const res = await fetch(url);
    const type = res.headers.get('content-type') ?? 'application/octet-stream';
    const media = type.split(';')[0]!.trim().toLowerCase();
    if (media !== 'application/json' && !/^application\/[^/]+\+json$/.test(media)) {
      throw new Error(
        `Could not extract response: no suitable HttpMessageConverter found for response type [interface java.util.Map] and content type [${type}]`,
      );
    }
    return JSON.parse(new TextDecoder('utf-8').decode(await res.arrayBuffer()));
  }

  async getForString(url: string): Promise<string> {
    const res = await fetch(url);
    const type = res.headers.get('content-type') ?? '';
    const charset = /;\s*charset=([^;]+)/i.exec(type)?.[1]?.trim() ?? (/^application\/json/i.test(type) ? 'utf-8' : 'iso-8859-1');
    return new TextDecoder(charset).decode(await res.arrayBuffer());
  }
}

let s: Sandbox;
beforeAll(async () => {
  s = await startSandbox();
});
afterAll(() => s.close());

async function urls() {
  const code = await s.wechat.code('web', 'zhangsan');
  const exchange = `${s.wechatUrl}/sns/oauth2/access_token?appid=${APPS.web.appid}&secret=${APPS.web.secret}&code=${code}&grant_type=authorization_code`;
  return {
    exchange,
    userinfo: (t: { access_token: string; openid: string }) => `${s.wechatUrl}/sns/userinfo?access_token=${t.access_token}&openid=${t.openid}&lang=zh_CN`,
  };
}

describe('a client that only reads JSON as JSON', () => {
  it('fails against the default (text/plain, as WeChat answers) on the code exchange, and mangles a Chinese nickname', async () => {
    const client = new ConverterClient();
    await expect(client.getForMap((await urls()).exchange)).rejects.toThrow(/no suitable HttpMessageConverter .* content type \[text\/plain\]/);
    // Read as a String instead (another code: WeChat used the first one up, whatever the client made of the answer).
    const u = await urls();
    const token = JSON.parse(await client.getForString(u.exchange));
    const profile = JSON.parse(await client.getForString(u.userinfo(token)));
    expect(profile.nickname).not.toBe('张三');
    expect(profile.nickname).toBe(new TextDecoder('iso-8859-1').decode(new TextEncoder().encode('张三')));
  });

  it('passes once snsContentType is "json"', async () => {
    await s.wechat.setOptions({ snsContentType: 'json' });
    try {
      const client = new ConverterClient();
      const u = await urls();
      const token = await client.getForMap(u.exchange);
      expect(token.openid).toBe(await s.wechat.openid('zhangsan', 'web'));
      const profile = await client.getForMap(u.userinfo(token as { access_token: string; openid: string }));
      expect(profile.nickname).toBe('张三');
      expect(JSON.parse(await client.getForString(u.userinfo(token as { access_token: string; openid: string }))).nickname).toBe('张三');
    } finally {
      await s.wechat.setOptions({ snsContentType: 'text' });
    }
  });
});
