/**
 * Browser code written as a typed TypeScript function (checked by `npm run typecheck` like the
 * rest) and served as a script: the function's own compiled text, called with JSON arguments.
 * Such a function runs in the page, so it must be self-contained: no imports, no outer variables.
 * `__name` is the helper esbuild's keepNames inserts into compiled functions (tsx compiles with
 * it); the page gets a no-op in its place.
 */
export function browserScript<A extends unknown[]>(fn: (...args: A) => void, ...args: A): string {
  const json = args.map((a) => JSON.stringify(a).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')).join(', ');
  return `(function () {\nvar __name = function (f) { return f; };\n(${fn.toString()})(${json});\n})();\n`;
}
