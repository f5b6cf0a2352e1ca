import { Hono, type Context } from 'hono';
import { commonControlRoutes, controlAnswer, controlGuard, controlNotFound } from '../core/control.ts';
import { ControlError } from '../core/control-errors.ts';
import { durableAnswers } from '../core/durable.ts';
import { closeDatabase, putSetting, stmt, write } from '../core/db.ts';
import { browserOwnRequests, ICON_COLOURS } from '../core/browser-requests.ts';
import { journalMiddleware } from '../core/journal.ts';
import { mockBase } from '../core/mock-base.ts';
import { startService, type StartedService } from '../core/serve.ts';
import { startPruner } from '../core/pruner.ts';
import { handleAliyun } from './aliyun/handler.ts';
import { aliyunFail } from './aliyun/respond.ts';
import { gatewayError } from './aliyun/errors.ts';
import type { SmsCtx } from './context.ts';
import { inboxRoutes } from './control/inbox.ts';
import { worldRoutes } from './control/world.ts';
import { openSmsDb } from './db.ts';
import { SMS_FAULT_FIELDS, type SmsFaultAction } from './faults.ts';
import { FlowControl } from './flow.ts';
import { aliyunRequestId, tencentRequestId } from './ids.ts';
import { Inbox } from './inbox.ts';
import { Nonces } from './nonces.ts';
import { SmsOptionsStore } from './options.ts';
import { handleTencent } from './tencent/handler.ts';
import { SmsWorld, SmsWorldError } from './world/store.ts';
import type { SmsConfig } from './world/types.ts';

export type { SmsConfig } from './world/types.ts';

export interface MockSmsOptions {
  /** SQLite file, or ":memory:" (the default, for tests) */
  dbFile?: string;
  /** required on /__mock/ when set */
  controlToken?: string;
  /** journal rows kept */
  journalCap?: number;
  /** keys, signs, templates and options for a new database (and on reset); built-in defaults otherwise */
  config?: SmsConfig;
}

export interface MockSms {
  app: Hono;
  ctx: SmsCtx;
  reset(): void;
  close(): void;
}

/** Which gateway a request on / is meant for: Tencent by its TC3/X-TC-* headers, Aliyun by ACS3, x-acs-action or RPC params. */
function providerOf(c: Context): 'aliyun' | 'tencent' | undefined {
  const auth = c.req.header('authorization')?.trim() ?? '';
  if (auth.startsWith('TC3-') || c.req.header('x-tc-action')) return 'tencent';
  if (/^ACS3-/i.test(auth) || c.req.header('x-acs-action')) return 'aliyun';
  const q = new URL(c.req.url).searchParams;
  if (q.has('Action') || q.has('Signature') || q.has('AccessKeyId')) return 'aliyun';
  // SDK 2.0.1 and SMS4J may carry everything in a form body.
  if ((c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) return 'aliyun';
  return undefined;
}

function checkConfig(config: unknown): SmsConfig {
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new SmsWorldError('invalid_field', 'config must be an object');
  const cfg = config as Record<string, unknown>;
  for (const list of ['keys', 'signs', 'templates']) {
    const v = cfg[list];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object')))
      throw new SmsWorldError('invalid_field', `${list} must be an array of objects`);
  }
  if (cfg.options !== undefined && (!cfg.options || typeof cfg.options !== 'object' || Array.isArray(cfg.options)))
    throw new SmsWorldError('invalid_field', 'options must be an object');
  return cfg as SmsConfig;
}

export function createMockSms(opts: MockSmsOptions = {}): MockSms {
  const db = openSmsDb(opts.dbFile ?? ':memory:');
  const base = mockBase<SmsFaultAction>(db, opts.journalCap);
  const { clock } = base;
  const options = new SmsOptionsStore(db);
  const world = new SmsWorld(db);
  const ctx: SmsCtx = {
    ...base,
    options,
    world,
    inbox: new Inbox(db, clock),
    flow: new FlowControl(db, clock, options),
    nonces: new Nonces(db, clock),
  };

  /** Keys, signs, templates and options from `config`, all or nothing. */
  const loadConfig = (config: SmsConfig = {}) => {
    const cfg = checkConfig(config);
    write(db, ['sms_keys', 'sms_signs', 'sms_templates', 'settings'], () => {
      world.load(cfg);
      putSetting(db, 'sms.options', '{}');
      const err = cfg.options ? options.patch(cfg.options) : undefined;
      if (err) throw new SmsWorldError('bad_option', `options: ${err}`);
    });
  };
  if (world.isEmpty()) loadConfig(opts.config);

  const reset = () => {
    // Entries of calls made before the reset must not be written after it.
    ctx.journal.flush();
    write(db, '*', () => {
      for (const t of ['sms_messages', 'sms_sends', 'sms_nonces', 'journal', 'faults', 'settings']) stmt(db, `DELETE FROM ${t}`).run();
      loadConfig(opts.config);
    });
  };

  const app = new Hono();
  app.use('*', browserOwnRequests(ICON_COLOURS.sms));
  // No answer leaves before the change it reports is committed.
  app.use('*', durableAnswers(db));
  app.use(
    '*',
    journalMiddleware(ctx.journal, clock, (path) => path.startsWith('/__mock/')),
  );
  app.use('/__mock/*', controlGuard(opts.controlToken));
  app.route('/__mock/sms', inboxRoutes(ctx));
  app.route('/__mock/sms', worldRoutes(ctx, loadConfig));
  app.route('/__mock', commonControlRoutes({ clock, journal: ctx.journal, faults: ctx.faults, faultFields: SMS_FAULT_FIELDS, reset, state: { db } }));
  app.on(['GET', 'POST'], '/', async (c) => {
    const provider = providerOf(c);
    if (provider === 'tencent') return handleTencent(ctx, c);
    if (provider === 'aliyun') return handleAliyun(ctx, c);
    if (c.req.method === 'GET')
      return c.json({
        service: 'wxmock mock-sms',
        gateways: ['aliyun dysmsapi 2017-05-25', 'tencent sms 2021-01-11'],
        inbox: '/__mock/sms/messages',
        docs: 'docs/mock-sms.md',
      });
    return handleAliyun(ctx, c);
  });
  app.notFound((c) => (c.req.path.startsWith('/__mock/') ? controlNotFound(c) : aliyunFail(c, gatewayError('InvalidApi.NotFound'), aliyunRequestId())));
  // Control routes throw ControlError, answered here; the gateways answer their own errors
  // (handleAliyun, handleTencent), so anything else that reaches this is a bug, logged.
  app.onError((err, c) => {
    if (err instanceof ControlError) return controlAnswer(c, err);
    console.error(`mock-sms: ${c.req.method} ${c.req.path}:`, err.message);
    if (c.req.path.startsWith('/__mock/')) return controlAnswer(c, new ControlError('internal', err.message));
    if (providerOf(c) === 'tencent')
      return c.json({ Response: { Error: { Code: 'InternalError', Message: 'An internal error occurred.' }, RequestId: tencentRequestId() } });
    return aliyunFail(c, gatewayError('InternalError'), aliyunRequestId());
  });

  // Old flow counters and nonces are dropped now and then so a long-running sandbox stays small.
  const stopPruner = startPruner(() => {
    ctx.flow.prune();
    ctx.nonces.prune(options.get().aliyunNonceTtlSeconds);
  });

  return {
    app,
    ctx,
    reset,
    close: () => {
      stopPruner();
      ctx.inbox.close();
      ctx.journal.flush();
      closeDatabase(db);
    },
  };
}

export type StartedMockSms = StartedService<MockSms>;

/** Creates and listens (port 0 = a free port). */
export function startMockSms(opts: MockSmsOptions & { port?: number; host?: string } = {}): Promise<StartedMockSms> {
  const mock = createMockSms(opts);
  // Waiting long-polls would otherwise hold the server open until they time out.
  return startService(mock, opts, { stopping: () => mock.ctx.inbox.close() });
}

/** The `wxmock start` banner: where the inbox is and what credentials, signs and templates exist. */
export function smsBannerLines(mock: { ctx: SmsCtx; url?: string }): string[] {
  const w = mock.ctx.world;
  const lines = [`  inbox         ${mock.url ?? ''}/__mock/sms/messages   (wait: /__mock/sms/wait?phone=)`];
  for (const k of w.listKeys()) {
    const apps = k.sdkAppIds.length ? `  SmsSdkAppId ${k.sdkAppIds.join(',')}` : '';
    lines.push(`  ${`${k.provider} key`.padEnd(13)} ${k.id}  secret ${k.secret}${apps}${k.status === 'active' ? '' : ' (inactive)'}`);
  }
  for (const s of w.listSigns()) lines.push(`  ${`${s.provider} sign`.padEnd(13)} ${s.name}${s.status === 'approved' ? '' : ` (${s.status})`}`);
  for (const t of w.listTemplates())
    lines.push(`  ${`${t.provider} tpl`.padEnd(13)} ${t.id.padEnd(14)} ${t.type.padEnd(12)} ${t.text}${t.status === 'approved' ? '' : ` (${t.status})`}`);
  const o = mock.ctx.options.get();
  lines.push(
    `  flow control  ${o.flowControl ? `on (aliyun ${o.aliyunPerMinute}/min ${o.aliyunPerHour}/h ${o.aliyunPerDay}/24h; tencent ${o.tencentSameContentPer30s}/30s same text, ${o.tencentPerDay}/day)` : 'off'}`,
  );
  return lines;
}
