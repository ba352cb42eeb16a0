// The live preview page: an editor holding the seed examples with the local servers'
// addresses filled in; Run strips the TypeScript annotations in the page (TypeScript's
// own transpileModule, no server round trip) and runs the code as a module, through the
// in-process dev relay. The log panel shows the example's console and every call,
// result and event of its clients, as the device would print them.

const EXAMPLES = [
  ['guide-client-complete.ts', 'Guide: complete client example'],
  ['guide-client-steps.ts', 'Guide: client development steps'],
  ['api-examples.ts', 'API reference: module example (header, proxy, protocol)'],
  ['api-connect-callback.ts', 'API reference: connect(url, callback)'],
  ['api-connect-options-callback.ts', 'API reference: connect(url, options, callback)'],
  ['api-connect-promise.ts', 'API reference: connect(url) promise'],
  ['api-send-callback.ts', 'API reference: send(data, callback)'],
  ['api-send-promise.ts', 'API reference: send(data) promise'],
  ['api-close-callback.ts', 'API reference: close(callback)'],
  ['api-close-options-callback.ts', 'API reference: close(options, callback)'],
  ['api-close-promise.ts', 'API reference: close() promise'],
  ['api-on-open.ts', "API reference: on('open')"],
  ['api-off-open.ts', "API reference: off('open')"],
  ['api-on-message.ts', "API reference: on('message')"],
  ['api-on-close.ts', "API reference: on('close')"],
  ['api-on-error.ts', "API reference: on('error')"],
  ['api-on-data-end.ts', "API reference: on('dataEnd')"],
  ['api-on-header-receive.ts', "API reference: on('headerReceive')"],
  ['guide-server-complete.ts', 'Guide: complete server example'],
];

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
window.addEventListener('netkit-trace', ({ detail }) => append(`trace ${detail.kind}`, detail.text));
window.addEventListener('error', (event) => append('error', `uncaught: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => append('error', `unhandled rejection: ${show(event.reason)}`));

/** The only edits: the seed's placeholder addresses become the preview's local servers. */
function withLocalAddresses(source) {
  return source
    .replace(/(=\s*)"ws:\/\/"/, (_, assign) => assign + JSON.stringify(config.echoUrl))
    .replace(/host: '192\.168\.0\.150',(\s*)port: 8888/, (_, space) => `host: '${config.proxy.host}',${space}port: ${config.proxy.port}`);
}

async function loadExample(file) {
  $('source').value = withLocalAddresses(await (await fetch(`/examples/${file}`)).text());
}

let runs = 0;
async function run() {
  const { outputText } = window.ts.transpileModule($('source').value, {
    compilerOptions: { target: window.ts.ScriptTarget.ES2022, module: window.ts.ModuleKind.ESNext },
  });
  append('run', `— run ${++runs}: ${$('example').selectedOptions[0]?.text ?? 'edited code'} —`);
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
  // Every connection of the examples goes through the in-process relay on this origin,
  // so device-only options (headers, the proxy, headerReceive) work as on a device.
  globalThis.__OHOS_NETKIT_CONFIG__ = {
    relay: { url: `ws://${location.host}${config.relay.path}`, token: config.relay.token },
    useRelay: 'always',
  };
  for (const [file, title] of EXAMPLES) $('example').append(new Option(title, file));
  const wanted = new URLSearchParams(location.search).get('example');
  if (wanted !== null && EXAMPLES.some(([file]) => file === wanted)) $('example').value = wanted;
  $('example').addEventListener('change', () => loadExample($('example').value));
  $('clear').addEventListener('click', () => log.replaceChildren());
  $('run').addEventListener('click', run);
  await loadExample($('example').value);
  // typescript.js is a deferred classic script: it has run by the time DOMContentLoaded fires.
  if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  $('run').disabled = false;
  $('status').textContent = `echo server ${config.echoUrl}, through the dev relay`;
  document.body.dataset.ready = 'true';
  if (new URLSearchParams(location.search).has('run')) await run();
}

start().catch((error) => append('error', `preview failed to start: ${error}`));
