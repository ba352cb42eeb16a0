// The live preview page: an editor (CodeMirror) holding the seed examples with the local
// servers' addresses filled in, type-checked as you type by TypeScript in a worker
// (check-worker.ts); Run refuses code with errors, and otherwise strips its types
// (TypeScript's transpileModule, in the same worker) and runs it as a module, through the
// in-process dev relay. The log shows the example's console and every call, result and
// event of its clients, as the device would print them; the timeline beside it shows
// each client's lane.
import { COMPILER_OPTIONS, type CheckerFiles, type Problem } from './check-protocol.js';
import { startChecker, type Checker } from './checker.js';
import { createEditor, type Editor } from './editor.js';
import { EXAMPLES, SEEDS, prepare, type Example, type LocalServers, type Prepared } from './examples.js';
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

const configured = fetch('/preview-config.json').then(async (response) => (await response.json()) as PreviewConfig);
// Started first: loading TypeScript into the worker is the slowest part of starting.
const checker: Checker = startChecker(
  '/preview/build/check-worker.js',
  configured.then((settings) => settings.checker),
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

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

// The example's console is the device's hilog: mirror every line into the panel.
for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    original(...args);
    append(level === 'log' || level === 'info' ? 'log' : level, args.map(show).join(' '));
  };
}

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
window.addEventListener('error', (event) => append('error', `uncaught: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => append('error', `unhandled rejection: ${show(event.reason)}`));

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

async function loadExample(example: Example): Promise<void> {
  const response = await fetch(`/examples/${example.file}`);
  if (!response.ok) throw new Error(`examples/${example.file}: ${response.status}`);
  const prepared = prepare(await response.text(), config);
  loaded = { example, prepared };
  editor.load(prepared.text);
  describe(example, prepared);
  edited();
  await refreshProblems();
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

let runs = 0;
async function run(): Promise<void> {
  const text = editor.text();
  const name = nameOfCode();
  let result;
  try {
    result = await checker.check(text, true);
  } catch (error) {
    showProblems(text, error instanceof Error ? error : new Error(String(error)));
    append('refused', `— not run: ${name} could not be checked (${error instanceof Error ? error.message : String(error)}) —`);
    return;
  }
  showProblems(text, result.problems);
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0 || result.js === undefined) {
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more, listed under Problems)` : '';
    append(
      'refused',
      `— not run: ${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first. ${first === undefined ? '' : `${where(first)} ${first.message}`}${more} —`,
    );
    status.textContent = 'not run: fix the errors under Problems first';
    return;
  }
  const companion = loaded?.example.companion;
  if (companion !== undefined) runCompanionOnceListening(companion);
  const title = `run ${++runs}: ${name}`;
  append('run', `— ${title} —`);
  status.textContent = `ran ${name} at ${new Date().toLocaleTimeString()}`;
  timeline.start(title, performance.now());
  const url = URL.createObjectURL(new Blob([result.js], { type: 'text/javascript' }));
  try {
    await import(url);
  } catch (error) {
    append('error', `the example failed to load: ${String(error)}`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A server example's companion: the client example, its address pointed at the app's
 * port of the server (the preview's relay maps it to wherever the server listens), run
 * once the server's start() has resolved.
 */
function runCompanionOnceListening(file: string): void {
  const onTrace = (event: Event): void => {
    const detail = (event as CustomEvent<TraceDetail>).detail;
    if (detail.kind !== 'listening') return;
    window.removeEventListener('netkit-trace', onTrace);
    void runCompanion(file, detail.port ?? 8080).catch((error: unknown) => append('error', `the client example could not run: ${String(error)}`));
  };
  window.addEventListener('netkit-trace', onTrace);
}

async function runCompanion(file: string, port: number): Promise<void> {
  const response = await fetch(`/examples/${file}`);
  if (!response.ok) throw new Error(`examples/${file}: ${response.status}`);
  const prepared = prepare(await response.text(), { ...config, echoUrl: `ws://127.0.0.1:${port}` });
  const result = await checker.check(prepared.text, true);
  if (result.js === undefined) throw new Error(`examples/${file} did not compile`);
  append('run', `— and ${file}, pointed at the server (ws://127.0.0.1:${port}) —`);
  const url = URL.createObjectURL(new Blob([result.js], { type: 'text/javascript' }));
  try {
    await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// ——— start ———

function describeOptions(): string {
  return Object.entries(COMPILER_OPTIONS)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ');
}

async function start(): Promise<void> {
  config = await configured;
  // Every connection of the examples goes through the in-process relay on this origin,
  // so device-only options (headers, the proxy, headerReceive) work as on a device.
  (globalThis as { __OHOS_NETKIT_CONFIG__?: object }).__OHOS_NETKIT_CONFIG__ = {
    relay: { url: `ws://${location.host}${config.relay.path}`, token: config.relay.token },
    useRelay: 'always',
  };
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
  const params = new URLSearchParams(location.search);
  const wanted = EXAMPLES.find((example) => example.file === params.get('example'));
  if (wanted !== undefined) select.value = wanted.file;
  const chosen = () => EXAMPLES.find((example) => example.file === select.value) ?? EXAMPLES[0]!;
  select.addEventListener('change', () => {
    loadExample(chosen()).catch((error: unknown) => append('error', `could not load the example: ${String(error)}`));
  });
  $('clear').addEventListener('click', () => log.replaceChildren());
  runButton.addEventListener('click', () => void run());
  await loadExample(chosen());
  runButton.disabled = false;
  status.textContent = `echo server ${config.echoUrl}, through the dev relay`;
  document.body.dataset.ready = 'true';
  if (params.has('run')) await run();
}

start().catch((error: unknown) => append('error', `preview failed to start: ${String(error)}`));
