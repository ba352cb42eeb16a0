// The live preview page: shows a seed example with the echo server's address filled in,
// strips its TypeScript annotations in the page (TypeScript's transpileModule, no server
// round trip) and runs it as a module, mirroring its console into the log panel.

const EXAMPLES = [{ file: 'guide-client-complete.ts', title: 'Guide: complete client example' }];

const $ = (id) => document.getElementById(id);
const log = $('log');
let config;

function append(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  log.append(item);
  item.scrollIntoView({ block: 'nearest' });
}

function show(value) {
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

// The example's console is the device's hilog: mirror every line into the panel.
for (const level of ['log', 'info', 'warn', 'error']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    original(...args);
    append(level === 'log' || level === 'info' ? 'log' : level, args.map(show).join(' '));
  };
}
window.addEventListener('error', (event) => append('error', `uncaught: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => append('error', `unhandled rejection: ${show(event.reason)}`));

async function loadExample(file) {
  const source = await (await fetch(`/examples/${file}`)).text();
  // The seed's own placeholder address (`= "ws://"`) is the only change: it becomes the local echo server.
  $('source').value = source.replace(/(=\s*)"ws:\/\/"/, (_, assign) => assign + JSON.stringify(config.echoUrl));
}

let runs = 0;
async function run() {
  const { outputText } = window.ts.transpileModule($('source').value, {
    compilerOptions: { target: window.ts.ScriptTarget.ES2022, module: window.ts.ModuleKind.ESNext },
  });
  append('event', `— run ${++runs} —`);
  const url = URL.createObjectURL(new Blob([outputText], { type: 'text/javascript' }));
  try {
    await import(url);
  } catch (error) {
    append('error', `the example failed to load: ${error}`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function start() {
  config = await (await fetch('/preview-config.json')).json();
  for (const { file, title } of EXAMPLES) $('example').append(new Option(title, file));
  $('example').addEventListener('change', () => loadExample($('example').value));
  $('clear').addEventListener('click', () => log.replaceChildren());
  $('run').addEventListener('click', run);
  await loadExample(EXAMPLES[0].file);
  // typescript.js is a deferred classic script: it has run by the time DOMContentLoaded fires.
  if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  $('run').disabled = false;
  $('status').textContent = `echo server: ${config.echoUrl}`;
  document.body.dataset.ready = 'true';
  if (new URLSearchParams(location.search).has('run')) await run();
}

start().catch((error) => append('error', `preview failed to start: ${error}`));
