// The live preview page: an editor (CodeMirror) holding the seed examples with the local
// servers' addresses filled in, type-checked as you type by TypeScript in a worker
// (check-worker.ts), which also gives completions, hover and signature help; Run
// (Ctrl/Cmd+Enter) ends the previous run, refuses code with errors, and otherwise strips
// its types (TypeScript's transpileModule, in the same worker) and runs it as a module in
// a frame of its own (run-frame.ts), through the in-process dev relay. The log shows the
// example's console and every call, result and event of its clients and servers, as the
// device would print them, with notes where a run meets a documented device quirk
// (quirk-notes.ts); the timeline beside it gives each its lane.
//
// Edited code is kept per example in the browser (saved-code.ts) and can be shared as a
// link that holds it (share-link.ts).
//
// The page is ready (Run enabled, `data-ready` on <body>, the `preview-ready` mark) once
// the example is in the editor, before TypeScript has loaded (seconds): a Run pressed
// earlier waits for the checker (`data-checker` on <body>: loading, ready, failed; the
// `checker-ready` mark).
import { ask } from './ask-dialog.js';
import { COMPILER_OPTIONS, type CheckerFiles, type Problem } from './check-protocol.js';
import { startChecker, type Checker } from './checker.js';
import type { Editor } from './editor.js';
import { EXAMPLES, SEEDS, prepare, type Example, type LocalServers, type Prepared } from './examples.js';
import { QuirkWatcher, type PlacedNote } from './quirk-notes.js';
import { openRunFrame, type RunFrame } from './run-frame.js';
import type { RealmReports, RunEnding } from './run-protocol.js';
import { SavedCode, relocate, type PortableCode } from './saved-code.js';
import { decodeShared, shareLink, sharedDataIn, type SharedCode } from './share-link.js';
import { Timeline } from './timeline.js';
import { isFailure, type TraceDetail } from './trace.js';

interface PreviewConfig extends LocalServers {
  httpHost: string;
  relay: { path: string; token: string };
  checker: CheckerFiles;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLOListElement>('log');
const problemList = $<HTMLOListElement>('problems');
const select = $<HTMLSelectElement>('example');
const runButton = $<HTMLButtonElement>('run');
const shareButton = $<HTMLButtonElement>('share');
const resetButton = $<HTMLButtonElement>('reset');
const statusLine = $('status');
const timeline = new Timeline($('timeline'), $('timeline-run'));

/** localStorage, unless the browser refuses it (then nothing is kept across reloads). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
const saved = new SavedCode(browserStorage());

// What the page needs first, asked for at once and side by side: the editor (CodeMirror,
// most of the page's code, a chunk of its own), the config, the example to show, and
// the checker (below).
const editorLoaded = import('./editor.js');
const configured = fetch('/preview-config.json').then(async (response) => (await response.json()) as PreviewConfig);
const params = new URLSearchParams(location.search);
const findExample = (file: string | null | undefined) => EXAMPLES.find((example) => example.file === file);
const firstExample = findExample(params.get('example')) ?? EXAMPLES[0]!;
const firstSource = fetchExample(firstExample);
// (Its failure is reported where it is awaited, in start().)
firstSource.catch(() => undefined);
// A shared link's code, read while the rest loads.
const sharedData = sharedDataIn(location.hash);
const sharedCode = sharedData === undefined ? undefined : decodeShared(sharedData);
sharedCode?.catch(() => undefined);
// Loading TypeScript into the worker is the slowest part of starting: the page is ready
// (Run enabled) long before, and a Run waits for the checker.
const checker: Checker = startChecker(
  '/preview/build/check-worker.js',
  configured.then((settings) => settings.checker),
);
checker.ready.then(
  (timings) => {
    performance.mark('checker-ready', { detail: timings });
    document.body.dataset.checker = 'ready';
    // The checker is no action of the user's: what the last one did stays said (a Reset
    // made while TypeScript loaded lost its line when the checker came).
    showStatus(now.said);
  },
  () => {
    document.body.dataset.checker = 'failed';
    showStatus(now.said);
  },
);
let config: PreviewConfig;
let editor: Editor;
/** The example in the editor, as it was loaded (to tell edited code from the seed's). */
let loaded: { example: Example; prepared: Prepared } | undefined;

// ——— the status line: what holds now ———

type CodeState = { state: 'checking' } | { state: 'clean' } | { state: 'errors'; count: number } | { state: 'failed' };

const now: {
  code: CodeState;
  /** The latest run that started. */
  run?: { number: number; name: string; at: string };
  /** The latest Run was refused because of errors (until a Run runs, or another example is loaded). */
  refused: boolean;
  /** A Run waits for the checker to load. */
  waiting: boolean;
  /** What the last action did, said once (reset, share, clear). */
  said?: string | undefined;
} = { code: { state: 'checking' }, refused: false, waiting: false };

function describeCode(code: CodeState): string {
  switch (code.state) {
    case 'checking':
      return document.body.dataset.checker === 'ready' ? 'Checking the code…' : 'TypeScript is loading: the code is checked once it has.';
    case 'clean':
      return 'No problems: Run (Ctrl+Enter) runs this code.';
    case 'errors': {
      const errors = `${code.count} error${code.count === 1 ? '' : 's'}`;
      return now.refused
        ? `Not run: ${errors} under Problems; fix ${code.count === 1 ? 'it' : 'them'} first.`
        : `${errors} under Problems: Run runs the code once ${code.count === 1 ? 'it is' : 'they are'} fixed.`;
    }
    case 'failed':
      return 'The checker failed: Run cannot check the code.';
  }
}

/** Writes the status line from what holds now: the code's state, the latest run, what was just done. */
function showStatus(said?: string): void {
  now.said = said;
  const parts: string[] = [];
  if (now.waiting) parts.push('Run waits for TypeScript to load (the checker)…');
  parts.push(describeCode(now.code));
  if (now.refused && now.code.state === 'clean') parts.push('The errors that stopped the last Run are fixed.');
  if (now.run !== undefined) parts.push(`Run ${now.run.number} (${now.run.name}) started at ${now.run.at}.`);
  else if (config !== undefined) parts.push(`Echo server ${config.echoUrl}, through the dev relay.`);
  if (now.said !== undefined) parts.push(now.said);
  statusLine.textContent = parts.join(' ');
  document.body.dataset.code = now.code.state;
}

// ——— the log ———

function append(kind: string, text: string, run?: number): HTMLLIElement {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  if (run !== undefined) item.dataset.run = String(run);
  log.append(item);
  item.scrollIntoView({ block: 'nearest' });
  return item;
}

/** A note of the preview's (quirk-notes.ts) right after the line it explains. */
function placeNotes(notes: readonly PlacedNote<HTMLLIElement>[]): void {
  for (const note of notes) {
    if (!note.after.isConnected) continue;
    const item = document.createElement('li');
    item.className = 'quirk';
    item.textContent = note.text;
    item.dataset.cites = note.cites;
    if (note.after.dataset.run !== undefined) item.dataset.run = note.after.dataset.run;
    item.title = 'Not device output: the preview explains a device behaviour (docs/websocket-behavior.md).';
    note.after.after(item);
  }
}

/** What the current run's frame reports: its console (the device's hilog), its errors, its traces. */
const reports: RealmReports = {
  console: (level, text, running) => {
    const item = append(level === 'log' || level === 'info' ? 'log' : level, text, current?.number);
    if (current !== undefined) placeNotes(current.quirks.console(item, running));
  },
  uncaught: (text, origin) => {
    const item = append('error', text, current?.number);
    if (current !== undefined) placeNotes(current.quirks.uncaught(item, text, origin));
  },
  // On the page's window, where the log, the timeline and the companion's start hear them.
  trace: (detail) => void window.dispatchEvent(new CustomEvent<TraceDetail>('netkit-trace', { detail })),
};

/** A diagnostic (a preview aid, see traced-network-kit.js) goes right after its client's error. */
function placeDiagnostic(run: Run, item: HTMLLIElement, client: number | undefined): void {
  const failure = client === undefined ? undefined : run.lastFailure.get(client);
  if (failure === undefined || !failure.isConnected) {
    if (client !== undefined) run.earlyDiagnostic.set(client, item);
    return;
  }
  let anchor: Element = failure;
  while (anchor.nextElementSibling?.classList.contains('diagnostic') && anchor.nextElementSibling !== item) anchor = anchor.nextElementSibling;
  anchor.after(item);
}

window.addEventListener('netkit-trace', (event) => {
  const detail = (event as CustomEvent<TraceDetail>).detail;
  const run = current;
  timeline.add(detail);
  startCompanion(detail);
  if (run === undefined) return;
  if (detail.text !== undefined) {
    const item = append(`trace ${detail.kind}`, detail.text, run.number);
    if (detail.kind === 'diagnostic') {
      item.title = 'Not device output: what the dev relay saw, shown by the preview to explain the failure.';
      placeDiagnostic(run, item, detail.client);
    } else if (detail.client !== undefined && isFailure(detail)) {
      run.lastFailure.set(detail.client, item);
      const early = run.earlyDiagnostic.get(detail.client);
      run.earlyDiagnostic.delete(detail.client);
      if (early?.isConnected) item.after(early);
    }
  }
  placeNotes(run.quirks.trace(detail));
});
// The page's own failures (a run's go through its frame's reports).
window.addEventListener('error', (event) => append('error', `the preview failed: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => append('error', `the preview failed: ${String(event.reason)}`));

// ——— the example and its header ———

function describe(example: Example, prepared: Prepared): void {
  const seed = SEEDS[example.seed];
  const info = $('example-info');
  const source = document.createElement('p');
  source.className = 'source';
  if (example.seed === 'own') source.append(`Written for this preview (no seed has it): ${example.section}.`);
  else source.append('From the ', Object.assign(document.createElement('cite'), { textContent: seed.title }), `, section ${example.section}.`);
  const filled = document.createElement('p');
  filled.className = 'filled';
  filled.textContent =
    prepared.filled.length === 0
      ? 'As in the seed: nothing filled in.'
      : `Filled in: ${prepared.filled.map((fill) => `line ${fill.line}, ${fill.seed} → ${fill.local}, ${fill.what}`).join('; ')}. Nothing else differs from the seed.`;
  info.replaceChildren(source, filled);
  if (example.note !== undefined) info.append(Object.assign(document.createElement('p'), { className: 'note', textContent: example.note }));
}

async function fetchExample(example: Example): Promise<string> {
  const response = await fetch(`/examples/${example.file}`);
  if (!response.ok) throw new Error(`examples/${example.file}: ${response.status}`);
  return response.text();
}

const localServers = (): LocalServers => ({ echoUrl: config.echoUrl, proxy: config.proxy, httpHost: config.httpHost });

/**
 * Puts `example` in the editor: `code` when given (a shared link's), else the edits this
 * browser kept for it, else the seed's code.
 */
async function loadExample(example: Example, source = fetchExample(example), code?: PortableCode): Promise<void> {
  const prepared = prepare(await source, config);
  loaded = { example, prepared };
  const kept = code ?? saved.get(example.file);
  editor.load(kept === undefined ? prepared.text : relocate(kept, config));
  select.value = example.file;
  describe(example, prepared);
  now.refused = false;
  edited();
  if (code !== undefined) keepEdits();
  // Not waited for: the first check waits for TypeScript to load, and Run waits for it itself.
  void refreshProblems();
}

const isEdited = () => loaded !== undefined && editor.text() !== loaded.prepared.text;
/** The name a run header gives the code in the editor. */
const nameOfCode = () => (loaded === undefined ? 'the code' : `${loaded.example.file}${isEdited() ? ' (edited)' : ''}`);

function edited(): void {
  document.body.dataset.edited = String(isEdited());
  $('editing').textContent = nameOfCode();
}

/** The editor's code, kept for its example while it differs from the seed's. */
function keepEdits(): void {
  if (loaded === undefined) return;
  saved.set(loaded.example.file, isEdited() ? { text: editor.text(), servers: localServers() } : undefined);
}

/** The address bar names the example in the editor, so that a reload opens it again. */
function nameInAddress(example: Example): void {
  const url = new URL(location.href);
  url.searchParams.set('example', example.file);
  url.searchParams.delete('run');
  url.hash = '';
  history.replaceState(null, '', url);
}

// ——— problems ———

const where = (problem: Problem) => `${problem.line}:${problem.column}`;

function showProblems(text: string, problems: readonly Problem[] | Error): void {
  if (editor.text() !== text) return;
  if (problems instanceof Error) {
    problemList.dataset.state = 'failed';
    problemList.replaceChildren(
      Object.assign(document.createElement('li'), { className: 'checker-failed', textContent: `The checker failed: ${problems.message}` }),
    );
    $('problem-count').textContent = 'checker failed';
    now.code = { state: 'failed' };
    showStatus(now.said);
    return;
  }
  editor.showProblems(text, problems);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  problemList.dataset.state = errors > 0 ? 'errors' : 'clean';
  now.code = errors > 0 ? { state: 'errors', count: errors } : { state: 'clean' };
  $('problem-count').textContent = problems.length === 0 ? 'none' : String(problems.length);
  problemList.replaceChildren(
    ...problems.map((problem) => {
      const item = document.createElement('li');
      item.className = `problem ${problem.severity}`;
      item.tabIndex = 0;
      item.title = 'Show in the editor (Enter)';
      item.append(
        Object.assign(document.createElement('span'), { className: 'where', textContent: where(problem) }),
        ' ',
        Object.assign(document.createElement('span'), { className: 'message', textContent: problem.message }),
        ' ',
        Object.assign(document.createElement('span'), { className: 'code', textContent: `TS${problem.code}` }),
      );
      const reveal = () => editor.reveal(problem);
      item.addEventListener('click', reveal);
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          reveal();
        }
      });
      return item;
    }),
  );
  showStatus(now.said);
}

async function refreshProblems(): Promise<void> {
  const text = editor.text();
  problemList.dataset.state = 'checking';
  now.code = { state: 'checking' };
  showStatus(now.said);
  try {
    showProblems(text, (await checker.check(text)).problems);
  } catch (error) {
    showProblems(text, error instanceof Error ? error : new Error(String(error)));
  }
}

let pendingCheck: ReturnType<typeof setTimeout> | undefined;
function onEdit(): void {
  edited();
  keepEdits();
  problemList.dataset.state = 'checking';
  now.code = { state: 'checking' };
  showStatus();
  clearTimeout(pendingCheck);
  pendingCheck = setTimeout(() => void refreshProblems(), 250);
}

// ——— Run ———

/** The run whose output the log and the timeline show: its frame, until the next Run ends it. */
interface Run {
  readonly number: number;
  readonly frame: RunFrame;
  /** A server example's client, run once a server of the run listens (undefined once started). */
  companion: string | undefined;
  /** Notes where the run meets a device quirk. */
  readonly quirks: QuirkWatcher<HTMLLIElement>;
  /** client → its latest failure's line, and a diagnostic that came before any failure. */
  readonly lastFailure: Map<number, HTMLLIElement>;
  readonly earlyDiagnostic: Map<number, HTMLLIElement>;
}

let runs = 0;
let current: Run | undefined;
/** Runs start one after the other: a Run pressed while one is starting (or waiting for the checker) waits for it. */
let queue: Promise<void> = Promise.resolve();

function requestRun(): void {
  if (runButton.disabled) return;
  queue = queue.then(run).catch((error: unknown) => void append('error', `the run failed: ${String(error)}`));
}

// Each run counts its clients, servers and http objects from 1 (ws#1, server#1, http#1): its own counters.
const openFrame = (): Promise<RunFrame> =>
  openRunFrame($('runs'), {
    config: { relay: { url: `ws://${location.host}${config.relay.path}`, token: config.relay.token }, useRelay: 'always' },
    numbering: { clients: 0, servers: 0, requests: 0 },
    reports,
  });

function describeEnding(number: number, ending: RunEnding): string | undefined {
  const ended = [
    ...(ending.servers.length > 0 ? [`stopped ${ending.servers.map((id) => `server#${id}`).join(', ')}`] : []),
    ...(ending.clients.length > 0 ? [`closed ${ending.clients.map((id) => `ws#${id}`).join(', ')}`] : []),
    ...(ending.requests.length > 0 ? [`destroyed ${ending.requests.map((id) => `http#${id}`).join(', ')}, its request under way`] : []),
    ...(ending.timers > 0 ? [`cleared ${ending.timers} timer${ending.timers === 1 ? '' : 's'}`] : []),
    ...(ending.leftOpen > 0
      ? [`${ending.leftOpen} connection${ending.leftOpen === 1 ? '' : 's'} to the relay still open, closed by removing the run`]
      : []),
  ];
  return ended.length === 0 ? undefined : `— run ${number} ended: ${ended.join('; ')} —`;
}

/** Ends the current run, if any, and says what that took down. */
async function endCurrentRun(): Promise<void> {
  const ending = current;
  if (ending === undefined) return;
  current = undefined;
  const line = describeEnding(ending.number, await ending.frame.end());
  if (line !== undefined) append('ended', line).dataset.ended = String(ending.number);
}

async function run(): Promise<void> {
  const text = editor.text();
  const name = nameOfCode();
  const companion = loaded?.example.companion;
  // A fresh realm loads while the previous run ends and the code is checked.
  const opening = openFrame();
  opening.catch(() => undefined);
  await endCurrentRun();
  if (document.body.dataset.checker !== 'ready') {
    now.waiting = true;
    showStatus();
  }
  let result;
  try {
    result = await checker.check(text, true);
  } catch (error) {
    void discard(opening);
    now.waiting = false;
    showProblems(text, error instanceof Error ? error : new Error(String(error)));
    append('refused', `— not run: ${name} could not be checked (${error instanceof Error ? error.message : String(error)}) —`);
    return;
  }
  now.waiting = false;
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 || result.js === undefined) {
    void discard(opening);
    now.refused = true;
    showProblems(text, result.problems);
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more, listed under Problems)` : '';
    append(
      'refused',
      `— not run: ${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first. ${first === undefined ? '' : `${where(first)} ${first.message}`}${more} —`,
    );
    showStatus();
    return;
  }
  now.refused = false;
  showProblems(text, result.problems);
  const frame = await opening;
  const started: Run = {
    number: ++runs,
    frame,
    companion,
    quirks: new QuirkWatcher<HTMLLIElement>(),
    lastFailure: new Map(),
    earlyDiagnostic: new Map(),
  };
  current = started;
  const title = `run ${started.number}: ${name}`;
  append('run', `— ${title} —`, started.number);
  now.run = { number: started.number, name, at: new Date().toLocaleTimeString() };
  showStatus();
  timeline.start(title, performance.now());
  // Not waited for: the code may never finish (a top-level await that never settles), and the next Run ends it all the same.
  frame.run(result.js).catch((error: unknown) => {
    if (current === started) append('error', `the example failed to load: ${String(error)}`, started.number);
  });
}

/** A realm opened for a run that did not run. */
async function discard(opening: Promise<RunFrame>): Promise<void> {
  try {
    await (await opening).end();
  } catch {
    // It never opened: nothing to end.
  }
}

/**
 * A server example's companion: the client example, its address pointed at the app's
 * port of the server (the preview's relay maps it to wherever the server listens), run
 * in the same realm once a server of the run has listened.
 */
function startCompanion(detail: TraceDetail): void {
  const run = current;
  const file = run?.companion;
  if (run === undefined || file === undefined || detail.kind !== 'listening') return;
  run.companion = undefined;
  void runCompanion(run, file, detail.port ?? 8080).catch((error: unknown) => {
    if (current === run) append('error', `the client example could not run: ${String(error)}`, run.number);
  });
}

async function runCompanion(run: Run, file: string, port: number): Promise<void> {
  const response = await fetch(`/examples/${file}`);
  if (!response.ok) throw new Error(`examples/${file}: ${response.status}`);
  const prepared = prepare(await response.text(), { ...config, echoUrl: `ws://127.0.0.1:${port}` });
  const result = await checker.check(prepared.text, true);
  if (result.js === undefined) throw new Error(`examples/${file} did not compile`);
  if (current !== run) return;
  append('run', `— and ${file}, pointed at the server (ws://127.0.0.1:${port}) —`, run.number);
  await run.frame.run(result.js);
}

// ——— switching, resetting, sharing ———

const askDialog = $<HTMLDialogElement>('ask');

/** Another example chosen: edited code is kept for its example, and the user says whether to switch. */
async function switchTo(next: Example): Promise<void> {
  const previous = loaded?.example;
  if (previous !== undefined && previous !== next && isEdited()) {
    const answer = await ask(askDialog, {
      title: `Leave your edits of ${previous.file}?`,
      text: `They stay kept in this browser for ${previous.file}: coming back to it (or reloading) finds them, unless you discard them now.`,
      choices: [
        { value: 'keep', label: `Switch, keep my edits` },
        { value: 'discard', label: 'Switch, discard my edits' },
        { value: 'stay', label: `Stay on ${previous.file}` },
      ],
      cancel: 'stay',
    });
    if (answer === 'stay') {
      select.value = previous.file;
      select.focus();
      return;
    }
    if (answer === 'discard') saved.set(previous.file, undefined);
  }
  await loadExample(next);
  nameInAddress(next);
}

function resetToSeed(): void {
  if (loaded === undefined) return;
  if (!isEdited()) {
    showStatus(`${loaded.example.file} is the seed's code already.`);
    return;
  }
  editor.replace(loaded.prepared.text);
  showStatus(`${loaded.example.file} is the seed's code again (Ctrl+Z in the editor brings your edits back).`);
}

const shareDialog = $<HTMLDialogElement>('share-dialog');
const shareField = $<HTMLInputElement>('share-link');
const shareSaid = $('share-said');

async function openShare(): Promise<void> {
  if (loaded === undefined) return;
  const shared: SharedCode = { example: loaded.example.file, text: editor.text(), servers: localServers() };
  shareField.value = await shareLink(`${location.origin}${location.pathname}`, shared);
  shareSaid.textContent = `${shareField.value.length} characters; the code is in the part after #, which is never sent to a server.`;
  shareDialog.showModal();
  shareField.focus();
  shareField.select();
}

async function copyShare(): Promise<void> {
  try {
    await navigator.clipboard.writeText(shareField.value);
    shareSaid.textContent = 'Copied.';
  } catch {
    shareField.focus();
    shareField.select();
    shareSaid.textContent = 'The browser did not let the page copy: the link is selected, press Ctrl+C (⌘+C).';
  }
}

/** A shared link's code, unless the user keeps the different edits this browser has for the example. */
async function fromLink(shared: SharedCode): Promise<{ example: Example; code: PortableCode | undefined }> {
  const example = findExample(shared.example);
  if (example === undefined) throw new Error(`its example, ${shared.example}, is not one of this preview's`);
  const mine = saved.get(example.file);
  if (mine !== undefined && relocate(mine, config) !== relocate(shared, config)) {
    const answer = await ask(askDialog, {
      title: `Open the shared code of ${example.file}?`,
      text: `This browser keeps other edits of ${example.file}. The shared code replaces them, unless you keep yours.`,
      choices: [
        { value: 'shared', label: 'Open the shared code' },
        { value: 'mine', label: 'Keep my edits' },
      ],
      cancel: 'mine',
    });
    if (answer === 'mine') return { example, code: undefined };
  }
  return { example, code: shared };
}

// ——— start ———

function describeOptions(): string {
  return Object.entries(COMPILER_OPTIONS)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
}

async function start(): Promise<void> {
  // Every connection of the examples goes through the in-process relay on this origin
  // (openFrame gives each run's realm its address), so device-only options (headers, the
  // proxy, headerReceive) work as on a device.
  const [{ createEditor }, settings] = await Promise.all([editorLoaded, configured]);
  config = settings;
  editor = createEditor($('editor'), { onChange: onEdit, onRun: requestRun, language: checker });
  $('compiler-options').textContent = describeOptions();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const example of EXAMPLES) {
    let group = groups.get(example.seed);
    if (group === undefined) {
      group = Object.assign(document.createElement('optgroup'), { label: SEEDS[example.seed].group });
      groups.set(example.seed, group);
      select.append(group);
    }
    group.append(new Option(example.title, example.file));
  }
  select.addEventListener('change', () => {
    const next = findExample(select.value) ?? EXAMPLES[0]!;
    switchTo(next).catch((error: unknown) => append('error', `could not load the example: ${String(error)}`));
  });
  $('clear').addEventListener('click', () => {
    log.replaceChildren();
    timeline.clear();
    showStatus('Log and timeline cleared.');
  });
  runButton.addEventListener('click', requestRun);
  resetButton.addEventListener('click', resetToSeed);
  shareButton.addEventListener(
    'click',
    () => void openShare().catch((error: unknown) => append('error', `could not make the link: ${String(error)}`)),
  );
  $('copy-link').addEventListener('click', () => void copyShare());
  $('close-share').addEventListener('click', () => shareDialog.close());
  // Ctrl/Cmd+Enter runs from anywhere on the page (the editor handles its own).
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    if (askDialog.open || shareDialog.open) return;
    event.preventDefault();
    requestRun();
  });

  let opened: { example: Example; code?: PortableCode | undefined; source?: Promise<string> } = { example: firstExample, source: firstSource };
  if (sharedCode !== undefined) {
    try {
      const shared = await fromLink(await sharedCode);
      opened = shared.example === firstExample ? { ...shared, source: firstSource } : shared;
    } catch (error) {
      append(
        'error',
        `The shared link's code could not be opened (${error instanceof Error ? error.message : String(error)}): showing the example instead.`,
      );
    }
  }
  await loadExample(opened.example, opened.source ?? fetchExample(opened.example), opened.code);
  // A link's code is now this browser's (kept for its example): a reload shows it, whatever is edited next.
  if (sharedData !== undefined) nameInAddress(opened.example);
  runButton.disabled = false;
  shareButton.disabled = false;
  resetButton.disabled = false;
  showStatus();
  performance.mark('preview-ready');
  document.body.dataset.ready = 'true';
  if (params.has('run')) requestRun();
}

start().catch((error: unknown) => append('error', `preview failed to start: ${String(error)}`));
