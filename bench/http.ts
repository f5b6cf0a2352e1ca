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

/** A target served by another checkout (`--compare`), measured in the same interleaved rounds. */
function compared(t: T.Target, name: string): T.Target {
  return { ...t, key: `${t.key}@compare`, label: `${t.label} [${name}]` };
}

/**
 * Throughput and latency of the hot endpoints, each against the bare Hono ceiling and
 * oauth2-mock-server in the same interleaved rounds. The mocks run twice: on in-memory SQLite
 * (tests, the scenario pack, `wxmock start --memory`) and on a database file (`wxmock start`).
 */
export async function measureHttp(
  rounds: number,
  o: MeasureOptions,
  scratch: string,
  log: (s: string) => void,
  compare?: { root: string; name: string },
): Promise<HttpFigures> {
  const servers: BenchServer[] = [];
  const start = async (kind: Parameters<typeof startServer>[0], db?: string, root?: string) => {
    const s = await startServer(kind, db, root);
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
    if (compare) {
      // The same endpoints served by the other checkout's code, each pair back to back (order flipped every round).
      const other = {
        wechat: await start('wechat', undefined, compare.root),
        sms: await start('sms', undefined, compare.root),
        wechatFile: await start('wechat', join(scratch, 'http-wechat-compare.db'), compare.root),
        smsFile: await start('sms', join(scratch, 'http-sms-compare.db'), compare.root),
      };
      const theirs = [
        T.wechatAccessToken(other.wechat),
        T.wechatUserinfo(other.wechat),
        T.wechatJscode2session(other.wechat),
        T.wechatPhoneNumber(other.wechat),
        T.aliyunSendSmsV3(other.sms),
        T.tencentSendSmsTc3(other.sms),
        onFile(T.wechatAccessToken(other.wechatFile)),
        onFile(T.wechatUserinfo(other.wechatFile)),
        onFile(T.wechatJscode2session(other.wechatFile)),
        onFile(T.wechatPhoneNumber(other.wechatFile)),
        onFile(T.aliyunSendSmsV3(other.smsFile)),
        onFile(T.tencentSendSmsTc3(other.smsFile)),
      ].map((t) => compared(t, compare.name));
      const ours = targets.splice(2);
      for (const [i, t] of ours.entries()) targets.push(t, theirs[i]!);
    }
    return { figures: await measureInterleaved(T.honoHello(hono), targets, rounds, o, log, compare ? 2 : undefined), rounds, options: o };
  } finally {
    for (const s of servers) await s.stop();
  }
}
