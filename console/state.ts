import { ControlError } from '../core/control-errors.ts';
import { answerError, type MockAnswer, type MockLink, type MockName } from './mock-link.ts';

/**
 * Export and import of both mocks at once, in the document `wxmock export` writes
 * (`{format: "wxmock-sandbox", wechat, sms, login?}`), so a file moves freely between the console
 * and the CLI.
 */

/** A mock's refusal of its part: bad_state, or mock_unreachable when it did not answer. */
function refused(link: MockLink, a: MockAnswer): ControlError {
  return new ControlError(a.status === 502 ? 'mock_unreachable' : 'bad_state', `${link.label}: ${answerError(a).message}`);
}

type MockState = { format: string; tables: Record<string, unknown[]> };

export async function exportSandbox(links: MockLink[]): Promise<Record<string, unknown>> {
  const doc: Record<string, unknown> = { format: 'wxmock-sandbox', exportedAt: new Date().toISOString() };
  for (const link of links) {
    const a = await link.get('/state');
    if (a.status !== 200) throw new ControlError('export_failed', `${link.label}: ${answerError(a).message}`);
    doc[link.name] = a.body;
  }
  return doc;
}

const isState = (v: unknown): v is MockState =>
  !!v && typeof v === 'object' && (v as MockState).format === 'wxmock-state' && !!(v as MockState).tables && typeof (v as MockState).tables === 'object';

/** Which mock a bare single-mock export belongs to, by the tables only that mock has. */
function ownerOf(state: MockState): MockName | undefined {
  if ('personas' in state.tables) return 'wechat';
  if ('sms_messages' in state.tables) return 'sms';
  return undefined;
}

/** The per-mock states a document holds; anything else is refused before a mock is touched. */
function statesIn(doc: unknown): { states: Partial<Record<MockName, MockState>>; ignored: string[] } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ControlError('bad_json', 'the file is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format === 'wxmock-state') {
    const owner = isState(d) ? ownerOf(d) : undefined;
    if (!owner) throw new ControlError('bad_state', 'a single-mock export, but of neither mock-wechat nor mock-sms');
    return { states: { [owner]: d as MockState }, ignored: [] };
  }
  if (d.format !== 'wxmock-sandbox') throw new ControlError('bad_state', 'not a wxmock export (format "wxmock-sandbox" or "wxmock-state" expected)');
  const states: Partial<Record<MockName, MockState>> = {};
  for (const name of ['wechat', 'sms'] as const) {
    if (d[name] === undefined) continue;
    if (!isState(d[name])) throw new ControlError('bad_state', `"${name}" is not a mock state export`);
    states[name] = d[name] as MockState;
  }
  if (!Object.keys(states).length) throw new ControlError('bad_state', 'the file holds the state of neither mock-wechat nor mock-sms');
  const ignored = Object.keys(d).filter((k) => !['format', 'exportedAt', 'wechat', 'sms'].includes(k));
  return { states, ignored };
}

/**
 * Replaces the state of each mock the document holds, all or nothing. Every mock first checks its
 * part without applying it (`PUT /__mock/state?dryRun=1`), so a refused document touches no mock.
 * Only then is each part applied; should a mock still refuse (it went away, or its state was
 * replaced meanwhile from elsewhere), the mocks already imported get back the state they had just
 * before. Run it through `oneAtATime`: a concurrent import would otherwise take another's
 * half-applied state for the one to restore.
 */
export async function importSandbox(links: MockLink[], doc: unknown): Promise<{ imported: MockName[]; ignored: string[] }> {
  const { states, ignored } = statesIn(doc);
  const targets = links.filter((l) => states[l.name]);
  for (const link of targets) {
    const a = await link.call('PUT', '/state', { search: '?dryRun=1', body: states[link.name] });
    if (a.status !== 200) throw refused(link, a);
  }
  const before = new Map<MockName, unknown>();
  for (const link of targets) {
    const a = await link.get('/state');
    if (a.status !== 200) throw new ControlError('import_failed', `${link.label}: ${answerError(a).message}`);
    before.set(link.name, a.body);
  }
  const done: MockLink[] = [];
  for (const link of targets) {
    const a = await link.call('PUT', '/state', { body: states[link.name] });
    if (a.status !== 200) {
      for (const prev of done) await prev.call('PUT', '/state', { body: before.get(prev.name) });
      throw refused(link, a);
    }
    done.push(link);
  }
  return { imported: done.map((l) => l.name), ignored };
}

/** Runs the functions it is given one after another, in the order they came: one import at a time. */
export function oneAtATime(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
