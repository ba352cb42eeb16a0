/**
 * The bench page's http side: `benchHttp.run(spec)` does one run of an http workload
 * (HttpRunSpec) and answers each chunk's time per path; `benchHttp.slowStream(spec)`
 * reads one long requestInStream slowly, for the relay's memory target.
 *
 * As on the WebSocket side (bench-page.ts), each path has its own loop and nothing is
 * shared in the hot path. `direct` and `relay` are the same HttpRequest calls; only the
 * page's config during the chunk differs (the namespace chooses its wire per request).
 * Chunks never overlap (turns run one after the other), so the config set for a chunk
 * is that chunk's alone.
 */
import { http } from 'ohos-netkit';
import { CONFIG_GLOBAL } from './bench-page.js';
import type { HttpPathName, HttpRunResult, HttpRunSpec, SlowStreamResult, SlowStreamSpec } from './http-spec.js';
import { orderOfTurn } from './order-of-turn.js';
import { stepWatchdog } from './step-watchdog.js';

type Config = { relay?: { url: string; token: string }; useRelay?: 'always' };
type Chunk = () => Promise<void>;

async function run(spec: HttpRunSpec): Promise<HttpRunResult> {
  const chunks = new Map<HttpPathName, Chunk>();
  const requests: ReturnType<typeof http.createHttp>[] = [];
  for (const path of spec.paths) {
    if (path === 'fetch') chunks.set(path, () => fetchChunk(spec, spec.url));
    else if (path === 'hop') chunks.set(path, () => fetchChunk(spec, spec.hopUrl));
    else if (path === 'undiciHop') chunks.set(path, () => fetchChunk(spec, spec.undiciHopUrl));
    else {
      const request = http.createHttp();
      requests.push(request);
      const config: Config = path === 'relay' ? { relay: spec.relay, useRelay: 'always' } : {};
      chunks.set(path, () => withConfig(config, () => kitChunk(spec, request)));
    }
  }
  const watchdog = stepWatchdog('http run', spec.timeoutMs);
  const measure = async (): Promise<HttpRunResult> => {
    const times: HttpRunResult = {};
    for (const path of spec.paths) times[path] = [];
    for (let turn = 0; turn < spec.chunks; turn++) {
      for (const path of orderOfTurn(spec.paths, turn)) {
        watchdog.step(`${path}, chunk ${turn + 1} of ${spec.chunks}`);
        const started = performance.now();
        try {
          await chunks.get(path)!();
        } catch (error) {
          throw new Error(`${path}, chunk ${turn + 1}: ${describe(error)}`, { cause: error });
        }
        times[path]!.push(performance.now() - started);
      }
    }
    return times;
  };
  try {
    return await Promise.race([measure(), watchdog.expired]);
  } finally {
    watchdog.stop();
    for (const request of requests) request.destroy();
  }
}

async function fetchChunk(spec: HttpRunSpec, url: string): Promise<void> {
  for (let index = 0; index < spec.chunkSize; index++) {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    const body = await response.arrayBuffer();
    if (response.status !== 200 || body.byteLength !== spec.size) throw new Error(`fetch: ${response.status}, ${body.byteLength} bytes`);
  }
}

async function kitChunk(spec: HttpRunSpec, request: ReturnType<typeof http.createHttp>): Promise<void> {
  // maxLimit above the body: the device's default (5 MiB) would refuse the 10 MiB download.
  const options = { expectDataType: http.HttpDataType.ARRAY_BUFFER, maxLimit: spec.size + 1024 };
  for (let index = 0; index < spec.chunkSize; index++) {
    const response = await request.request(spec.url, options);
    const size = (response.result as ArrayBuffer).byteLength;
    if (response.responseCode !== 200 || size !== spec.size) throw new Error(`request(): ${response.responseCode}, ${size} bytes`);
  }
}

async function withConfig<T>(config: Config, work: () => Promise<T>): Promise<T> {
  const holder = globalThis as Record<string, unknown>;
  const previous = holder[CONFIG_GLOBAL];
  holder[CONFIG_GLOBAL] = config;
  try {
    return await work();
  } finally {
    holder[CONFIG_GLOBAL] = previous;
  }
}

/**
 * One requestInStream through the relay, read by a listener that holds the page's thread
 * until the bytes so far fit `bytesPerSecond`: a page busy with its own work, which
 * reads slower than the relay could send. The relay must pause its upstream rather
 * than hold what the page has not taken.
 */
async function slowStream(spec: SlowStreamSpec): Promise<SlowStreamResult> {
  const request = http.createHttp();
  let received = 0;
  const started = performance.now();
  request.on('dataReceive', (data: ArrayBuffer) => {
    received += data.byteLength;
    const due = started + (received / spec.bytesPerSecond) * 1000;
    while (performance.now() < due) {
      // Busy, as a page doing its own work is: no task of the page runs meanwhile.
    }
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`slow stream timed out after ${spec.timeoutMs} ms (${received} bytes)`)), spec.timeoutMs);
  });
  try {
    const status = await Promise.race([withConfig({ relay: spec.relay, useRelay: 'always' }, () => request.requestInStream(spec.url)), timedOut]);
    return { received, ms: performance.now() - started, status };
  } finally {
    clearTimeout(timer);
    request.destroy();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

Object.assign(globalThis, { benchHttp: { run, slowStream } });
