import { join } from 'node:path';
import { startServer, type BenchServer } from './child.ts';
import { measureInterleaved, type Figure, type MeasureOptions } from './measure.ts';
import * as T from './targets.ts';

export interface HttpFigures {
  /** every target by key; mock targets on a database file carry the suffix "@file" */
  figures: Map<string, Figure>;
  rounds: number;
  options: MeasureOptions;
}

function onFile(t: T.Target): T.Target {
  return { ...t, key: `${t.key}@file`, label: `${t.label}, database file` };
}

/**
 * Throughput and latency of the hot endpoints, each against the bare Hono ceiling and
 * oauth2-mock-server in the same interleaved rounds. The mocks run twice: on in-memory SQLite
 * (tests, the scenario pack, `wxmock start --memory`) and on a database file (`wxmock start`).
 */
export async function measureHttp(rounds: number, o: MeasureOptions, scratch: string, log: (s: string) => void): Promise<HttpFigures> {
  const servers: BenchServer[] = [];
  const start = async (kind: Parameters<typeof startServer>[0], db?: string) => {
    const s = await startServer(kind, db);
    servers.push(s);
    return s;
  };
  try {
    const hono = await start('hono');
    const oauth2 = await start('oauth2');
    const wechat = await start('wechat');
    const sms = await start('sms');
    const wechatFile = await start('wechat', join(scratch, 'http-wechat.db'));
    const smsFile = await start('sms', join(scratch, 'http-sms.db'));
    const targets: T.Target[] = [
      T.oauth2Token(oauth2),
      T.oauth2Userinfo(oauth2),
      T.wechatAccessToken(wechat),
      T.wechatUserinfo(wechat),
      T.wechatJscode2session(wechat),
      T.wechatPhoneNumber(wechat),
      T.aliyunSendSmsV3(sms),
      T.tencentSendSmsTc3(sms),
      onFile(T.wechatAccessToken(wechatFile)),
      onFile(T.wechatUserinfo(wechatFile)),
      onFile(T.wechatJscode2session(wechatFile)),
      onFile(T.wechatPhoneNumber(wechatFile)),
      onFile(T.aliyunSendSmsV3(smsFile)),
      onFile(T.tencentSendSmsTc3(smsFile)),
    ];
    return { figures: await measureInterleaved(T.honoHello(hono), targets, rounds, o, log), rounds, options: o };
  } finally {
    for (const s of servers) await s.stop();
  }
}
