import type { MiddlewareHandler } from 'hono';
import { committed, type Db } from './db.ts';

/**
 * Holds every answer until the changes to state made so far on `db` are committed, so nothing a
 * client was told happened can be lost when the process dies (docs/architecture.md, "Durability").
 * Nothing pending (a read among reads, an in-memory database): the answer goes at once. Otherwise
 * the group commit is brought forward to the end of this event-loop turn, and the answers of every
 * request handled in the turn leave together after it. Registered first, so the journal entry of
 * the request shares the commit. A failed commit fails the answer (the app's error handler).
 */
export function durableAnswers(db: Db): MiddlewareHandler {
  return async (_c, next) => {
    await next();
    const pending = committed(db);
    if (pending) await pending;
  };
}
