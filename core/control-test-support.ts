/**
 * Test support: the assertion every test of a refused control call uses, by the code's name in
 * the one table (core/control-errors.ts), so a renamed or re-statused code fails the type check or
 * the test, not silently both sides.
 */
import { expect } from 'vitest';
import { CONTROL_ERRORS, type ControlCode } from './control-errors.ts';

/** A control API refusal: the table's status, exactly `{error:{code,message}}`, a message to read. */
export function expectControlError(a: { status: number; body: unknown; raw?: string }, code: ControlCode): void {
  const context = a.raw ?? JSON.stringify(a.body);
  expect([a.status, (a.body as { error?: { code?: unknown } } | undefined)?.error?.code], context).toEqual([CONTROL_ERRORS[code].status, code]);
  expect(Object.keys(a.body as object), context).toEqual(['error']);
  const error = (a.body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort(), context).toEqual(['code', 'message']);
  expect(error.message, context).toBeTypeOf('string');
  expect(error.message, context).not.toBe('');
}
