// What comments and docs cite must be in the repository (docs/wire/README.md): no working notes or
// files beside the checkout, no link to a missing page, no anchor that no heading produces.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isSource, repoFiles, ROOT } from './repo-files.ts';
import { getOrAdd } from '../core/memo.ts';

/** Citations of files that are not part of the repository, and what to say about each. */
const OUTSIDE: [RegExp, string][] = [
  [/(?<![\w-])specs\/[\w.-]+/, 'cites research notes outside the repository (specs/…)'],
  [/\b(?:wechat-api|sms-api|design)\.md\b/, 'cites research notes outside the repository'],
  [/\.\.\/shared\b|\/work\/shared\b/, 'cites a file beside the checkout (../shared)'],
  [/(?<!RFC \d{1,5} )§/, 'cites a section (§) of a document outside the repository'],
];

/** GitHub's anchor for a heading: lower case, punctuation and symbols dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown page offers: its headings (outside code blocks, duplicates numbered) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]!);
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      anchors.add(n ? `${base}-${n}` : base);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** The comments of a source file, with their line numbers (string and template contents are not comments). */
function commentsOf(file: string, text: string): { line: number; text: string }[] {
  const kind = /x$/.test(file) ? ts.ScriptKind.TSX : /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Set<number>();
  const out: { line: number; text: string }[] = [];
  const add = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push({ line: sf.getLineAndCharacterOfPosition(r.pos).line + 1, text: text.slice(r.pos, r.end) });
    }
  };
  const visit = (node: ts.Node) => {
    add(ts.getLeadingCommentRanges(text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(text, node.getEnd()));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.sort((a, b) => a.line - b.line);
}

const exists = (path: string) => existsSync(join(ROOT, path));
const anchorCache = new Map<string, Set<string>>();
const anchorsOfFile = (path: string) => getOrAdd(anchorCache, path, () => anchorsOf(readFileSync(join(ROOT, path), 'utf8')));

/**
 * What is wrong with the references in one piece of text of `file`: a citation of something outside
 * the repository, a `.md` file that does not exist (read relative to the file, the root or docs/),
 * an anchor the page does not have. `markdown` also checks the page's own `](#anchor)` links.
 */
function problems(file: string, text: string, markdown: boolean): string[] {
  const found: string[] = [];
  const plain = text.replace(/\bhttps?:\/\/[^\s)>\]`'"]+/g, ' ');
  for (const [pattern, message] of OUTSIDE) {
    const m = pattern.exec(plain);
    if (m)
      found.push(
        `${message}: "${plain
          .slice(Math.max(0, m.index - 20), m.index + 40)
          .replace(/\s+/g, ' ')
          .trim()}"`,
      );
  }
  for (const m of plain.matchAll(/(?<![\w./@-])((?:\.{0,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.md)(?:#([\p{L}\p{N}_-]+))?/gu)) {
    const [, path, anchor] = m;
    if (path!.startsWith('/')) {
      found.push(`names ${path}, an absolute path`);
      continue;
    }
    const target = [join(dirname(file), path!), path!, join('docs', path!)]
      .map((p) => normalize(p).split('\\').join('/'))
      .find((p) => !p.startsWith('..') && exists(p));
    if (!target) found.push(`names ${path}, which is not in the repository`);
    else if (anchor && !anchorsOfFile(target).has(anchor)) found.push(`links ${path}#${anchor}, but ${target} has no such heading`);
  }
  if (markdown) {
    const own = anchorsOf(text);
    for (const m of plain.matchAll(/\]\(#([^)\s]+)\)/g)) if (!own.has(m[1]!)) found.push(`links #${m[1]}, but the page has no such heading`);
  }
  return found;
}

const SELF = 'scripts/doc-refs.test.ts';

describe('what comments and docs cite is in the repository (docs/wire/README.md)', () => {
  it('the docs cite no file outside the repository, and their links and anchors resolve', () => {
    const docs = repoFiles((n) => n.endsWith('.md'));
    expect(docs.length).toBeGreaterThan(10);
    const found = docs.flatMap((f) => problems(f, readFileSync(join(ROOT, f), 'utf8'), true).map((p) => `${f}: ${p}`));
    expect(found).toEqual([]);
  });

  it('no comment cites a file outside the repository, and the docs it points to exist', () => {
    // Only text holding ".md", "§", "specs/" or "shared" can break a rule: parse just those files.
    const found = repoFiles(isSource)
      .filter((f) => f !== SELF)
      .map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const)
      .filter(([, text]) => /\.md|§|specs\/|shared/.test(text))
      .flatMap(([f, text]) => commentsOf(f, text).flatMap((c) => problems(f, c.text, false).map((p) => `${f}:${c.line}: ${p}`)));
    expect(found).toEqual([]);
  });

  it('the check itself: anchors as GitHub makes them, comments only, every kind of bad reference', () => {
    expect(slug('`GET|POST /sns/oauth2/access_token` (§3.1)')).toBe('getpost-snsoauth2access_token-31');
    expect(slug('Aliyun RPC signature (HMAC-SHA1)')).toBe('aliyun-rpc-signature-hmac-sha1');
    expect([...anchorsOf('# A\n## B b\n```\n## not\n```\n## B b\n')]).toEqual(['a', 'b-b', 'b-b-1']);
    const source = [
      "const s = 'specs/wechat-api.md';",
      '// docs/wire/wechat.md#errmsg-and-its-rid holds it',
      '/** see the notes, specs/sms-api.md §A.4 */',
      '// docs/wire/wechat.md#no-such-heading, docs/nowhere.md, RFC 9110 §7.6.1, ../shared/fixtures',
    ].join('\n');
    const comments = commentsOf('x.ts', source);
    expect(comments.map((c) => c.line)).toEqual([2, 3, 4]);
    const kinds = (c: { text: string }) => problems('core/x.ts', c.text, false).map((p) => p.replace(/: ".*"$/, ''));
    expect(comments.map(kinds)).toEqual([
      [],
      [
        'cites research notes outside the repository (specs/…)',
        'cites research notes outside the repository',
        'cites a section (§) of a document outside the repository',
        'names specs/sms-api.md, which is not in the repository',
      ],
      [
        'cites a file beside the checkout (../shared)',
        'links docs/wire/wechat.md#no-such-heading, but docs/wire/wechat.md has no such heading',
        'names docs/nowhere.md, which is not in the repository',
      ],
    ]);
    expect(problems('docs/x.md', 'see [there](#nowhere) and [here](wire/wechat.md#code-exchange)', true)).toEqual([
      'links #nowhere, but the page has no such heading',
    ]);
  });
});
