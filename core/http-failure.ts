import type { Context } from 'hono';

/**
 * An injected fault's bare HTTP failure (its httpStatus, with no service error to wrap it in):
 * thrown where the fault fires, answered by the app's error handler with `httpFailureAnswer`,
 * as a gateway in front of the real service would fail.
 */
export class HttpFailure extends Error {
  constructor(readonly status: number) {
    super(`injected HTTP ${status}`);
  }
}

export function httpFailureAnswer(c: Context, e: HttpFailure): Response {
  return c.body(`<html><body><h1>${e.status}</h1></body></html>`, e.status as 500, { 'Content-Type': 'text/html' });
}
