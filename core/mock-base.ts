import { Clock } from './clock.ts';
import type { Db } from './db.ts';
import { Faults, type FaultAction } from './faults.ts';
import { Journal } from './journal.ts';

/** What each mock keeps beside its own stores, all on its one database: the clock, the request journal, the fault queue. */
export interface MockBase<A extends FaultAction> {
  db: Db;
  clock: Clock;
  journal: Journal;
  faults: Faults<A>;
}

export function mockBase<A extends FaultAction>(db: Db, journalCap?: number): MockBase<A> {
  const clock = new Clock(db);
  return { db, clock, journal: new Journal(db, journalCap), faults: new Faults<A>(db, clock) };
}
