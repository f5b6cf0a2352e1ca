import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aliyunClient } from '../mock-sms/test-support.ts';
import { client, startCli, stop, type Started } from './test-support.ts';

/**
 * "Acknowledged means kept": `wxmock start` on a data dir creates personas and accepts SMS under
 * concurrent reads, and is killed with SIGKILL the moment the last write it is asked for is
 * acknowledged. After a restart in the same dir every acknowledged record must be there. Each
 * round's restart is the next round's sandbox.
 */
const ROUNDS = 5;
/** Writers at once, and the acknowledged writes after which a round kills the sandbox. */
const LANES = 8;
const WRITES_PER_ROUND = 40;

interface Acked {
  personas: string[];
  bizIds: string[];
}

/** Creates personas and sends SMS on LANES lanes, with readers alongside; SIGKILL right after the last acknowledged write. */
async function writeAndKill(s: Started, round: number, acked: Acked): Promise<void> {
  const wechat = client(s, 'wechat');
  const smsControl = client(s, 'sms');
  const sms = aliyunClient(`http://127.0.0.1:${s.ports.sms}`);
  let writes = 0;
  let killed = false;
  const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  const acknowledged = () => {
    writes++;
    if (writes >= WRITES_PER_ROUND && !killed) {
      killed = true;
      s.child.kill('SIGKILL');
    }
  };
  const lane = async (l: number) => {
    for (let i = 0; !killed; i++) {
      const id = `r${round}-l${l}-${i}`;
      try {
        if (i % 2 === 0) {
          const res = await wechat.post('/__mock/personas', { id, nickname: id });
          if (res.status === 201) {
            acked.personas.push(id);
            acknowledged();
          }
        } else {
          // A distinct number per send keeps Aliyun's per-number flow control out of the way.
          const phone = `139${String(round).padStart(2, '0')}${String(l).padStart(2, '0')}${String(i).padStart(4, '0')}`;
          const res = await sms.sendSms(
            new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code: '123456' }) }),
          );
          if (res.body?.code === 'OK' && res.body.bizId) {
            acked.bizIds.push(res.body.bizId);
            acknowledged();
          }
        }
      } catch {
        // The sandbox is gone: what was not answered was not acknowledged.
      }
    }
  };
  const reader = async () => {
    while (!killed) {
      await wechat.get('/__mock/personas').catch(() => undefined);
      await smsControl.get('/__mock/sms/messages?limit=5').catch(() => undefined);
    }
  };
  await Promise.all([...Array.from({ length: LANES }, (_, l) => lane(l)), reader(), reader()]);
  await exited;
}

/** What an acknowledged write left in the restarted sandbox, missing ones listed. */
async function missing(s: Started, acked: Acked): Promise<string[]> {
  const personas = (await client(s, 'wechat').get<{ personas: { id: string }[] }>('/__mock/personas')).body;
  const messages = (await client(s, 'sms').get<{ messages: { bizId: string }[] }>('/__mock/sms/messages?limit=1000')).body;
  const ids = new Set(personas.personas.map((p) => p.id));
  const bizIds = new Set(messages.messages.map((m) => m.bizId));
  return [...acked.personas.filter((p) => !ids.has(p)).map((p) => `persona ${p}`), ...acked.bizIds.filter((b) => !bizIds.has(b)).map((b) => `SMS ${b}`)];
}

describe('wxmock start: acknowledged writes survive SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmock-kill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${ROUNDS} rounds of concurrent persona creation and Aliyun SendSms, each killed right after its last acknowledged answer, lose nothing`, async () => {
    const acked: Acked = { personas: [], bizIds: [] };
    const lost: string[] = [];
    let s = await startCli(dir);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await writeAndKill(s, round, acked);
        s = await startCli(dir);
        const gone = (await missing(s, acked)).filter((g) => !lost.some((l) => l.includes(`${g},`)));
        if (gone.length) lost.push(`round ${round}: acknowledged, then lost: ${gone.map((g) => `${g},`).join(' ')}`);
      }
      expect(acked.personas.length + acked.bizIds.length).toBeGreaterThanOrEqual(ROUNDS * WRITES_PER_ROUND);
      expect(lost).toEqual([]);
    } finally {
      await stop(s);
    }
  }, 180_000);
});
