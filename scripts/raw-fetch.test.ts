// Tests speak HTTP to the services through one client, core/http-client.ts (README, "Layout and
// development"): its cookie jar, redirect handling and exchange log are what a failing step shows.
// This check parses every test file with TypeScript and fails on a direct call of the global
// `fetch`, naming the file and the line. Code that runs in Chromium is exempt (the function passed to
// page.evaluate and its kin), and so are the files listed below, each with its reason. Text in a
// string or template literal (a script a child process runs) is no call, so the parser never sees one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isSource, isTestFile, repoFiles, ROOT } from './repo-files.ts';

/** Test files that may call fetch themselves, and why. */
const ALLOWED: Record<string, string> = {
  'compat/json-only-client.test.ts': 'its ConverterClient is the client under test: a hand-written fetch client that reads only application/json',
};

/** Puppeteer methods whose function argument runs in the page, where fetch is the browser's own. */
const IN_PAGE = new Set(['evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'waitForFunction', '$eval', '$$eval']);

/** The name a call's callee ends in: `evaluate` of `page.evaluate(…)` or of `evaluate(…)`. */
function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** `fetch(…)`, `globalThis.fetch(…)`, `global.fetch(…)`: the global fetch, not a client's `.fetch` method. */
function isGlobalFetch(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'fetch';
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'fetch' &&
    ts.isIdentifier(callee.expression) &&
    ['globalThis', 'global'].includes(callee.expression.text)
  );
}

/** The 1-based lines of `text` where Node code calls the global fetch. */
function rawFetchLines(file: string, text: string): number[] {
  if (!text.includes('fetch')) return [];
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const lines: number[] = [];
  const visit = (node: ts.Node, inPage: boolean): void => {
    if (ts.isCallExpression(node)) {
      if (!inPage && isGlobalFetch(node.expression)) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
      if (IN_PAGE.has(calleeName(node.expression) ?? '')) {
        visit(node.expression, inPage);
        // Only a function argument runs in the page; the other arguments are computed here first.
        for (const arg of node.arguments) visit(arg, inPage || ts.isArrowFunction(arg) || ts.isFunctionExpression(arg));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, inPage));
  };
  visit(source, false);
  return lines;
}

const testFiles = repoFiles(isSource).filter(isTestFile);

describe('tests speak HTTP through HttpClient, not the global fetch', () => {
  it('no test file calls fetch directly outside the browser and the allowed files', () => {
    expect(testFiles.length).toBeGreaterThan(50);
    const found = testFiles
      .filter((f) => !(f in ALLOWED))
      .flatMap((f) =>
        rawFetchLines(f, readFileSync(join(ROOT, f), 'utf8')).map(
          (line) => `${f}:${line}: calls fetch directly; use HttpClient (core/http-client.ts) or the mock's test client`,
        ),
      );
    expect(found).toEqual([]);
  });

  it('every allowed file exists and still calls fetch (else its entry goes)', () => {
    for (const [file, why] of Object.entries(ALLOWED)) {
      expect(why).not.toBe('');
      expect(rawFetchLines(file, readFileSync(join(ROOT, file), 'utf8')).length, file).toBeGreaterThan(0);
    }
  });

  it('the check sees a direct call wherever Node runs it, and nothing the browser runs or a string holds', () => {
    const text = [
      'const a = await fetch(`${url}/x`);', // 1: flagged
      "const b = await globalThis.fetch(url, { method: 'POST' });", // 2: flagged
      'await page.evaluate(async (u) => (await fetch(u)).status, url);', // 3: runs in the page
      "await page.waitForFunction(function () { return fetch('/y'); });", // 4: runs in the page
      "await frame.evaluate(() => { const f = () => fetch('/z'); f(); });", // 5: nested, still in the page
      'await page.evaluate((s) => s, await fetch(url));', // 6: flagged: the argument is computed in Node
      "const script = `const r = await fetch('https://api.weixin.qq.com/');`;", // 7: a string
      "const c = await client.fetch('GET', '/x'); await app.fetch(new Request(url));", // 8: a client's method
      'async function helper() { return (await fetch(url)).json(); }', // 9: flagged
    ].join('\n');
    expect(rawFetchLines('x/y.test.ts', text)).toEqual([1, 2, 6, 9]);
    expect(rawFetchLines('x/y.test.tsx', 'const p = <a href="/" />; fetch(url);')).toEqual([1]);
  });
});
