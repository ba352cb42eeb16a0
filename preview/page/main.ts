// The live preview page: an editor (CodeMirror) holding the seed examples with the local
// servers' addresses filled in, type-checked as you type by TypeScript in a worker
// (check-worker.ts); Run ends the previous run, refuses code with errors, and otherwise
// strips its types (TypeScript's transpileModule, in the same worker) and runs it as a
// module in a frame of its own (run-frame.ts), through the in-process dev relay. The log
// shows the example's console and every call, result and event of its clients and
// servers, as the device would print them; the timeline beside it gives each its lane.
//
// The page is ready (Run enabled, `data-ready` on <body>, the `preview-ready` mark) once
// the example is in the editor, before TypeScript has loaded (seconds): a Run pressed
// earlier waits for the checker (`data-checker` on <body>: loading, ready, failed; the
// `checker-ready` mark).
import { COMPILER_OPTIONS, type CheckerFiles, type Problem } from './check-protocol.js';
import { startChecker, type Checker } from './checker.js';
import type { Editor } from './editor.js';
import { EXAMPLES, SEEDS, prepare, type Example, type LocalServers, type Prepared } from './examples.js';
import { openRunFrame, type RunFrame } from './run-frame.js';
import type { RealmReports, RunEnding } from './run-protocol.js';
import { Timeline } from './timeline.js';
import { isFailure, type TraceDetail } from './trace.js';

interface PreviewConfig extends LocalServers {
  relay: { path: string; token: string };
  checker: CheckerFiles;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLOListElement>('log');
const problemList = $<HTMLOListElement>('problems');
const select = $<HTMLSelectElement>('example');
const runButton = $<HTMLButtonElement>('run');
const status = $('status');
const timeline = new Timeline($('timeline'), $('timeline-run'));

// What the page needs first, asked for at once and side by side: the editor (CodeMirror,
// most of the page's code, a chunk of its own), the config, the example to show, and
// the checker (below).
const editorLoaded = import('./editor.js');
const configured = fetch('/preview-config.json').then(async (response) => (await response.json()) as PreviewConfig);
const params = new URLSearchParams(location.search);
const firstExample = EXAMPLES.find((example) => example.file === params.get('example')) ?? EXAMPLES[0]!;
const firstSource = fetchExample(firstExample);
// (Its failure is reported where it is awaited, in start().)
firstSource.catch(() => undefined);
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
  },
  () => {
    document.body.dataset.checker = 'failed';
  },
);
let config: PreviewConfig;
let editor: Editor;
/** The example in the editor, as it was loaded (to tell edited code from the seed's). */
let loaded: { example: Example; prepared: Prepared } | undefined;

// ——— the log ———

function append(kind: string, text: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  log.append(item);
  item.scrollIntoView({ block: 'nearest' });
  return item;
}

/** What the current run's frame reports: its console (the device's hilog), its errors, its traces. */
const reports: RealmReports = {
  console: (level, text) => void append(level === 'log' || level === 'info' ? 'log' : level, text),
  uncaught: (text) => void append('error', text),
  // On the page's window, where the log, the timeline and the companion's start hear them.
  trace: (detail) => void window.dispatchEvent(new CustomEvent<TraceDetail>('netkit-trace', { detail })),
};

/** client → its latest failure's line, and a diagnostic that came before any failure. */
const lastFailure = new Map<number, HTMLLIElement>();
const earlyDiagnostic = new Map<number, HTMLLIElement>();

/** A diagnostic (a preview aid, see traced-network-kit.js) goes right after its client's error. */
function placeDiagnostic(item: HTMLLIElement, client: number | undefined): void {
  const failure = client === undefined ? undefined : lastFailure.get(client);
  if (failure === undefined || !failure.isConnected) {
    if (client !== undefined) earlyDiagnostic.set(client, item);
    return;
  }
  let anchor: Element = failure;
  while (anchor.nextElementSibling?.classList.contains('diagnostic') && anchor.nextElementSibling !== item) anchor = anchor.nextElementSibling;
  anchor.after(item);
}

window.addEventListener('netkit-trace', (event) => {
  const detail = (event as CustomEvent<TraceDetail>).detail;
  timeline.add(detail);
  startCompanion(detail);
  if (detail.text === undefined) return;
  const item = append(`trace ${detail.kind}`, detail.text);
  if (detail.kind === 'diagnostic') {
    item.title = 'Not device output: what the dev relay saw, shown by the preview to explain the failure.';
    placeDiagnostic(item, detail.client);
  } else if (detail.client !== undefined && isFailure(detail)) {
    lastFailure.set(detail.client, item);
    const early = earlyDiagnostic.get(detail.client);
    earlyDiagnostic.delete(detail.client);
    if (early?.isConnected) item.after(early);
  }
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
  source.append('From the ', Object.assign(document.createElement('cite'), { textContent: seed.title }), `, section ${example.section}.`);
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

async function loadExample(example: Example, source = fetchExample(example)): Promise<void> {
  const prepared = prepare(await source, config);
  loaded = { example, prepared };
  editor.load(prepared.text);
  describe(example, prepared);
  edited();
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
    return;
  }
  editor.showProblems(text, problems);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  problemList.dataset.state = errors > 0 ? 'errors' : 'clean';
  $('problem-count').textContent = problems.length === 0 ? 'none' : String(problems.length);
  problemList.replaceChildren(
    ...problems.map((problem) => {
      const item = document.createElement('li');
      item.className = `problem ${problem.severity}`;
      item.tabIndex = 0;
      item.title = 'Show in the editor';
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
        if (event.key === 'Enter') reveal();
      });
      return item;
    }),
  );
}

async function refreshProblems(): Promise<void> {
  const text = editor.text();
  problemList.dataset.state = 'checking';
  try {
    showProblems(text, (await checker.check(text)).problems);
  } catch (error) {
    showProblems(text, error instanceof Error ? error : new Error(String(error)));
  }
}

let pendingCheck: ReturnType<typeof setTimeout> | undefined;
function onEdit(): void {
  edited();
  problemList.dataset.state = 'checking';
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
}

/** The page's counters, handed to every run: ws#N and server#N go on across runs. */
const numbering = { clients: 0, servers: 0 };
let runs = 0;
let current: Run | undefined;
/** Runs start one after the other: a Run pressed while one is starting (or waiting for the checker) waits for it. */
let queue: Promise<void> = Promise.resolve();

function requestRun(): void {
  queue = queue.then(run).catch((error: unknown) => void append('error', `the run failed: ${String(error)}`));
}

const openFrame = (): Promise<RunFrame> =>
  openRunFrame($('runs'), {
    config: { relay: { url: `ws://${location.host}${config.relay.path}`, token: config.relay.token }, useRelay: 'always' },
    numbering,
    reports,
  });

function describeEnding(number: number, ending: RunEnding): string | undefined {
  const ended = [
    ...(ending.servers.length > 0 ? [`stopped ${ending.servers.map((id) => `server#${id}`).join(', ')}`] : []),
    ...(ending.clients.length > 0 ? [`closed ${ending.clients.map((id) => `ws#${id}`).join(', ')}`] : []),
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
  if (line !== undefined) append('ended', line);
}

async function run(): Promise<void> {
  const text = editor.text();
  const name = nameOfCode();
  const companion = loaded?.example.companion;
  // A fresh realm loads while the previous run ends and the code is checked.
  const opening = openFrame();
  opening.catch(() => undefined);
  await endCurrentRun();
  if (document.body.dataset.checker !== 'ready') status.textContent = 'Run waits for TypeScript to load (the checker)…';
  let result;
  try {
    result = await checker.check(text, true);
  } catch (error) {
    void discard(opening);
    showProblems(text, error instanceof Error ? error : new Error(String(error)));
    append('refused', `— not run: ${name} could not be checked (${error instanceof Error ? error.message : String(error)}) —`);
    status.textContent = 'not run: the checker failed';
    return;
  }
  showProblems(text, result.problems);
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 || result.js === undefined) {
    void discard(opening);
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more, listed under Problems)` : '';
    append(
      'refused',
      `— not run: ${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first. ${first === undefined ? '' : `${where(first)} ${first.message}`}${more} —`,
    );
    status.textContent = 'not run: fix the errors under Problems first';
    return;
  }
  const frame = await opening;
  const started: Run = { number: ++runs, frame, companion };
  current = started;
  const title = `run ${started.number}: ${name}`;
  append('run', `— ${title} —`);
  status.textContent = `ran ${name} at ${new Date().toLocaleTimeString()}`;
  timeline.start(title, performance.now());
  // Not waited for: the code may never finish (a top-level await that never settles), and the next Run ends it all the same.
  frame.run(result.js).catch((error: unknown) => {
    if (current === started) append('error', `the example failed to load: ${String(error)}`);
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
    if (current === run) append('error', `the client example could not run: ${String(error)}`);
  });
}

async function runCompanion(run: Run, file: string, port: number): Promise<void> {
  const response = await fetch(`/examples/${file}`);
  if (!response.ok) throw new Error(`examples/${file}: ${response.status}`);
  const prepared = prepare(await response.text(), { ...config, echoUrl: `ws://127.0.0.1:${port}` });
  const result = await checker.check(prepared.text, true);
  if (result.js === undefined) throw new Error(`examples/${file} did not compile`);
  if (current !== run) return;
  append('run', `— and ${file}, pointed at the server (ws://127.0.0.1:${port}) —`);
  await run.frame.run(result.js);
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
  editor = createEditor($('editor'), onEdit);
  $('compiler-options').textContent = describeOptions();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const example of EXAMPLES) {
    let group = groups.get(example.seed);
    if (group === undefined) {
      group = Object.assign(document.createElement('optgroup'), { label: example.seed === 'guide' ? 'Guide' : 'API reference' });
      groups.set(example.seed, group);
      select.append(group);
    }
    group.append(new Option(example.title, example.file));
  }
  select.value = firstExample.file;
  const chosen = () => EXAMPLES.find((example) => example.file === select.value) ?? EXAMPLES[0]!;
  select.addEventListener('change', () => {
    loadExample(chosen()).catch((error: unknown) => append('error', `could not load the example: ${String(error)}`));
  });
  $('clear').addEventListener('click', () => log.replaceChildren());
  runButton.addEventListener('click', requestRun);
  await loadExample(firstExample, firstSource);
  runButton.disabled = false;
  status.textContent = `echo server ${config.echoUrl}, through the dev relay`;
  performance.mark('preview-ready');
  document.body.dataset.ready = 'true';
  if (params.has('run')) requestRun();
}

start().catch((error: unknown) => append('error', `preview failed to start: ${String(error)}`));
