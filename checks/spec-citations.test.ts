/**
 * Every `WS §x.y` citation in the repository names a section that docs/websocket-behavior.md
 * defines by a heading (`## 3. Client events`, `### 3.4 Close and error semantics`), and
 * every `HTTP §x.y` one a section of docs/http-behavior.md (the `http` namespace's
 * document, with its own numbering).
 *
 * Which document a `§` belongs to is decided by what stands right before the sign:
 * - a namespace's name: `WS` (`WS §3.4`) the webSocket document's, `HTTP` (`HTTP §7.1`)
 *   the http document's;
 * - a list separator (`WS §3.4, §4`, `HTTP §4 and §9`, `WS §3.1–§3.3`): the same document
 *   as the citation just before it in that list;
 * - the name of another document (`perf-reliability §4.3.5`, `RFC 6455 §7.4`, `ws.md §2`,
 *   `README §3`), i.e. a word with a digit, hyphen, underscore or inner dot in it, or a
 *   capital after its first letter: not ours, and not checked;
 * - anything else (nothing word-like, an ordinary word: `See §5`, `(§10 of the
 *   specification)`): a bare citation. Inside a spec document it names that document;
 *   anywhere else it names no namespace, which the check refuses: with two documents,
 *   a reader must be told which one is meant.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPEC = 'docs/websocket-behavior.md';
const HTTP_SPEC = 'docs/http-behavior.md';
const SELF = relative(ROOT, fileURLToPath(import.meta.url))
  .split('\\')
  .join('/');
/** Tracked files that cannot cite anything. */
const NOT_SCANNED = new Set(['package-lock.json', SELF]);

/** The documents a citation can name: the webSocket one (`WS §`) and the http one (`HTTP §`). */
type SpecDocument = 'WS' | 'HTTP';

/** A citation's document: a namespace's, or none named (`bare`). */
type CitedDocument = SpecDocument | 'bare';

interface Citation {
  readonly file: string;
  readonly line: number;
  readonly section: string;
  readonly document: CitedDocument;
}

const SECTION_SIGN = /§(\d+(?:\.\d+)*)/g;
const AFTER_WS = /\bWS\s*$/;
const AFTER_HTTP = /\bHTTP\s*$/;
const AFTER_SEPARATOR = /(?:[,;/&–—-]|\band|\bor|\bto)\s*$/;
const LAST_WORD = /([^\s([{`'"*]+)\s*$/;
const END_PUNCTUATION = /[.,:;!?)\]}`'"]+$/;
const OTHER_DOCUMENT = /[0-9_-]|\.(?=.)|^.+[A-Z]/;
/** A separator continues the previous citation only within the same short list. */
const LIST_REACH = 80;

/** The sections of our document cited in `text`, with the line each one is on. */
export function citationsIn(text: string): { line: number; section: string }[] {
  return citationsByDocument(text)
    .filter(({ document }) => document === 'WS')
    .map(({ line, section }) => ({ line, section }));
}

/**
 * The sections of our documents cited in `text`, with the line each one is on and the
 * document it names; `bare` is what a `§` without a name stands for: the document
 * itself inside a spec document, which cites itself so, and 'bare' (none named) elsewhere.
 */
export function citationsByDocument(text: string, bare: CitedDocument = 'bare'): { line: number; section: string; document: CitedDocument }[] {
  const found: { line: number; section: string; document: CitedDocument }[] = [];
  let previous: { end: number; document: CitedDocument | undefined } | undefined;
  for (const match of text.matchAll(SECTION_SIGN)) {
    const start = match.index;
    const section = match[1] ?? '';
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(Math.max(lineStart, start - 60), start);
    let document: CitedDocument | undefined;
    if (AFTER_WS.test(before)) {
      document = 'WS';
    } else if (AFTER_HTTP.test(before)) {
      document = 'HTTP';
    } else if (AFTER_SEPARATOR.test(before)) {
      // No document name stands between the separator and the sign.
      document = previous !== undefined && continuesList(text, previous.end, start) ? previous.document : bare;
    } else {
      const word = LAST_WORD.exec(before)?.[1]?.replace(END_PUNCTUATION, '');
      document = word === undefined || word === '' || !OTHER_DOCUMENT.test(word) ? bare : undefined;
    }
    previous = { end: start + match[0].length, document };
    if (document !== undefined) found.push({ line: lineNumberAt(text, start), section, document });
  }
  return found;
}

function continuesList(text: string, previousEnd: number, start: number): boolean {
  const between = text.slice(previousEnd, start);
  return between.length <= LIST_REACH && !between.includes(')');
}

/** The section numbers that a markdown text defines by its headings, in order. */
export function headingSectionsOf(markdown: string): string[] {
  const sections: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (heading?.[1] !== undefined) sections.push(heading[1]);
  }
  return sections;
}

function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function scannedFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '');
  // The document cites its own sections too, and is scanned even before it is committed.
  return [...new Set([...tracked, SPEC, HTTP_SPEC])].filter((file) => !NOT_SCANNED.has(file)).sort();
}

function repositoryCitations(): Citation[] {
  const citations: Citation[] = [];
  for (const file of scannedFiles()) {
    const path = join(ROOT, file);
    if (!existsSync(path)) continue; // deleted in the work tree, not yet in the index
    const text = readFileSync(path, 'utf8');
    if (text.includes('\0')) continue; // binary
    for (const citation of citationsByDocument(text, file === HTTP_SPEC ? 'HTTP' : file === SPEC ? 'WS' : 'bare'))
      citations.push({ file, ...citation });
  }
  return citations;
}

function specSections(spec = SPEC): string[] {
  const path = join(ROOT, spec);
  assert.ok(existsSync(path), `${spec} is missing`);
  return headingSectionsOf(readFileSync(path, 'utf8'));
}

test(`${SPEC} has a numbered heading for each section from 1 to 10, each number once`, () => {
  const sections = specSections();
  const missing = Array.from({ length: 10 }, (_, i) => String(i + 1)).filter((n) => !sections.includes(n));
  assert.deepEqual(missing, [], `${SPEC} has no heading for section(s) ${missing.join(', ')}`);
  const repeated = sections.filter((section, i) => sections.indexOf(section) !== i);
  assert.deepEqual(repeated, [], `${SPEC} numbers more than one heading ${repeated.join(', ')}`);
});

test(`every WS § citation names a section that ${SPEC} defines`, () => {
  const defined = new Set(specSections());
  const citations = repositoryCitations().filter(({ document }) => document === 'WS');
  assert.ok(citations.length > 0, 'no citation found at all: the reader is broken');
  const unresolved = citations.filter(({ section }) => !defined.has(section));
  assert.deepEqual(
    unresolved.map(({ file, line, section }) => `${file}:${line} WS §${section}`),
    [],
    `citations of sections ${SPEC} does not define (add the heading, or fix the citation)`,
  );
});

test(`${HTTP_SPEC} has a numbered heading for each section from 1 to 13 and for the subsections code cites, each number once`, () => {
  const sections = specSections(HTTP_SPEC);
  const expected = [
    ...Array.from({ length: 13 }, (_, i) => String(i + 1)),
    ...['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '13.1', '13.2', '13.3', '13.4'],
  ];
  const missing = expected.filter((n) => !sections.includes(n));
  assert.deepEqual(missing, [], `${HTTP_SPEC} has no heading for section(s) ${missing.join(', ')}`);
  const repeated = sections.filter((section, i) => sections.indexOf(section) !== i);
  assert.deepEqual(repeated, [], `${HTTP_SPEC} numbers more than one heading ${repeated.join(', ')}`);
});

test(`every HTTP § citation names a section that ${HTTP_SPEC} defines`, () => {
  const defined = new Set(specSections(HTTP_SPEC));
  const citations = repositoryCitations().filter(({ document }) => document === 'HTTP');
  assert.ok(
    citations.some(({ file }) => file !== HTTP_SPEC),
    'no HTTP § citation found outside the document: the reader is broken',
  );
  const unresolved = citations.filter(({ section }) => !defined.has(section));
  assert.deepEqual(
    unresolved.map(({ file, line, section }) => `${file}:${line} HTTP §${section}`),
    [],
    `citations of sections ${HTTP_SPEC} does not define (add the heading, or fix the citation)`,
  );
});

test('HTTP § citations are told from WS ones, in lists too; inside a spec document a bare § is its own', () => {
  const cited = (text: string, bare?: CitedDocument) => citationsByDocument(text, bare).map(({ document, section }) => `${document} ${section}`);
  assert.deepEqual(cited('// HTTP §7.1: maxLimit'), ['HTTP 7.1']);
  assert.deepEqual(cited('(HTTP §3, §4; WS §2.1)'), ['HTTP 3', 'HTTP 4', 'WS 2.1']);
  assert.deepEqual(cited('HTTP §13.4 row 2 and WS §4'), ['HTTP 13.4', 'WS 4']);
  assert.deepEqual(cited('see §5 and (RFC 7234 §4.2.3)', 'HTTP'), ['HTTP 5']);
  assert.deepEqual(cited('see §5 and WS §3.4', 'HTTP'), ['HTTP 5', 'WS 3.4']);
  assert.deepEqual(cited('(§10 of the specification)'), ['bare 10']);
  // The WS reader itself sees none of them.
  assert.deepEqual(citationsIn('// HTTP §7.1, §7.3'), []);
});

test('every citation outside the spec documents names its namespace (WS §, HTTP §)', () => {
  const bare = repositoryCitations().filter(({ document }) => document === 'bare');
  assert.deepEqual(
    bare.map(({ file, line, section }) => `${file}:${line} §${section}`),
    [],
    'citations that name no namespace: write WS §x.y or HTTP §x.y',
  );
});

test('the citation reader takes the forms the repository writes, and only ours', () => {
  // As read inside the webSocket document, where a bare § is its own.
  const sections = (text: string) =>
    citationsByDocument(text, 'WS')
      .filter(({ document }) => document === 'WS')
      .map(({ section }) => section);
  // Ours.
  assert.deepEqual(sections('// WS §3.4: a failure before open'), ['3.4']);
  assert.deepEqual(sections('(WS §3.4, §4; relay-protocol.ts step 5)'), ['3.4', '4']);
  assert.deepEqual(sections('(WS §4 order of checks, §5):'), ['4', '5']);
  assert.deepEqual(sections('(WS §2.3, §3.1–§3.3).'), ['2.3', '3.1', '3.3']);
  assert.deepEqual(sections('with 401 (behaviour spec §4 and §9.18).'), ['4', '9.18']);
  assert.deepEqual(sections('before the handshake, §10 of the\n  specification)'), ['10']);
  assert.deepEqual(sections('until the next `send()` (§10).'), ['10']);
  assert.deepEqual(sections('WS §5 proxy: an HTTP CONNECT'), ['5']);
  assert.deepEqual(sections('first line\n * WS §6.4: stop()'), ['6.4']);
  assert.deepEqual(sections('where the two part ways. §9 lists them. See §10.'), ['9', '10']);
  assert.deepEqual(sections('(no longer true since about API 11, §3.3)'), ['3.3']);
  assert.deepEqual(citationsIn('a\nb\n(WS §7)'), [{ line: 3, section: '7' }]);
  // Other documents.
  assert.deepEqual(sections('(perf-reliability §4.3.5).'), []);
  assert.deepEqual(sections('(SSRF guard, perf-reliability §4.3.6)'), []);
  assert.deepEqual(sections('RFC 6455 §7.4 says must not be sent'), []);
  assert.deepEqual(sections('(RFC 9110 §5.3).'), []);
  assert.deepEqual(sections('(perf-reliability §4.3, §4.4)'), []);
  assert.deepEqual(sections('(ws.md §2, README §3)'), []);
  // A citation of ours after another document's, in the same comment.
  assert.deepEqual(sections('(perf-reliability §4.3.2) and the device (WS §5)'), ['5']);
  // No number, no citation.
  assert.deepEqual(sections('`WS §<section>`'), []);
});

test('headings define sections by their leading number only', () => {
  assert.deepEqual(
    headingSectionsOf(
      [
        '# Title',
        '## Sources',
        '## 3. Client events',
        '### 3.4 Close and error semantics',
        '### What this means',
        '```md',
        '## 11. inside a code block',
        '```',
        'Text about §9.',
        '### 9.18 The sample',
      ].join('\n'),
    ),
    ['3', '3.4', '9.18'],
  );
});
