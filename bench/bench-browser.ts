/**
 * The bench's Chromium, driven over a bare DevTools pipe rather than through Playwright.
 *
 * Why: Playwright enables the DevTools Network domain on every page it drives (its
 * request and WebSocket events need it), and with it Chromium reports each WebSocket
 * frame's payload, base64 for binary ones, to the driver. That costs more than the
 * transfer itself: a 10 MiB download through the relay spent more CPU in Chromium's
 * browser process and in the driver encoding and decoding frames for DevTools than
 * in the page, and `fetch`, which reports no body, ran at twice its own speed beside
 * it. A user's page has no debugger attached, so the bench measures without one: the
 * page session enables only Runtime (for the page's errors) and Page (for its load).
 * The tests keep Playwright, where its events are what is tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS, findChromium } from '../test-browser/support/find-chromium.js';

/** The page the bench drives: expressions evaluated in it, awaited, their values returned as JSON. */
export interface BenchPage {
  /** Evaluates `expression` in the page (a promise is awaited) and answers its value; rejects with the page's exception. */
  evaluate(expression: string): Promise<unknown>;
}

export interface BenchBrowser {
  /** e.g. 156.0.8078.129 */
  readonly version: string;
  /** Opens `url` in a new tab and answers once its load event fired; the page's uncaught errors go to stderr. */
  openPage(url: string, timeoutMs: number): Promise<BenchPage>;
  close(): Promise<void>;
}

interface DevToolsMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Chromium gets this long to exit after Browser.close before it is killed. */
const CLOSE_TIMEOUT_MS = 5_000;

export async function launchBenchBrowser(timeoutMs: number): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'ohos-netkit-bench-'));
  // fd 3 carries our commands, fd 4 Chromium's answers: no debugging port is opened.
  const child = spawn(findChromium(), [...CHROMIUM_ARGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const connection = new DevToolsPipe(child, timeoutMs);
  try {
    const { product } = (await connection.send('Browser.getVersion')) as { product: string };
    return {
      version: product.replace(/^[^/]*\//, ''),
      openPage: (url, pageTimeoutMs) => openPage(connection, url, pageTimeoutMs),
      close: async () => {
        await connection.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await connection.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

async function openPage(connection: DevToolsPipe, url: string, timeoutMs: number): Promise<BenchPage> {
  const { targetId } = (await connection.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await connection.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  connection.onEvent(sessionId, (method, params) => {
    if (method === 'Runtime.exceptionThrown') console.error(`page error: ${describeException(params.exceptionDetails)}`);
    if (method === 'Runtime.consoleAPICalled' && params.type === 'error') console.error(`page console: ${consoleText(params.args)}`);
  });
  await connection.send('Runtime.enable', {}, sessionId);
  await connection.send('Page.enable', {}, sessionId);
  const loaded = connection.nextEvent(sessionId, 'Page.loadEventFired', timeoutMs);
  const navigated = (await connection.send('Page.navigate', { url }, sessionId)) as { errorText?: string };
  if (navigated.errorText !== undefined) throw new Error(`the bench page did not load: ${navigated.errorText}`);
  await loaded;
  return {
    evaluate: async (expression) => {
      const answer = (await connection.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId, 0)) as {
        result: { value?: unknown };
        exceptionDetails?: unknown;
      };
      if (answer.exceptionDetails !== undefined) throw new Error(describeException(answer.exceptionDetails));
      return answer.result.value;
    },
  };
}

/** One DevTools connection over Chromium's pipe: NUL-terminated JSON messages both ways. */
class DevToolsPipe {
  readonly #child: ChildProcess;
  readonly #input: Writable;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  readonly #listeners = new Map<string, (method: string, params: Record<string, unknown>) => void>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #buffered = '';
  #gone: Error | undefined;

  constructor(child: ChildProcess, timeoutMs: number) {
    this.#child = child;
    this.#timeoutMs = timeoutMs;
    this.#input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (text: string) => this.#read(text));
    // A write after Chromium is gone fails here and through the pending requests.
    this.#input.on('error', () => {});
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => this.#fail(new Error(`Chromium exited (${signal ?? `code ${code}`})`)));
    child.once('error', (error) => this.#fail(error));
  }

  /** Sends a command; rejects after `timeoutMs` (0: no bound, for evaluations the caller bounds). */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string, timeoutMs = this.#timeoutMs): Promise<unknown> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => this.#settle(id, new Error(`Chromium did not answer ${method} within ${timeoutMs} ms`)), timeoutMs)
          : undefined;
      this.#pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#input.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });
  }

  onEvent(sessionId: string, listener: (method: string, params: Record<string, unknown>) => void): void {
    this.#listeners.set(sessionId, listener);
  }

  /** Resolves at the session's next event of this name (bounded). */
  nextEvent(sessionId: string, name: string, timeoutMs: number): Promise<void> {
    const previous = this.#listeners.get(sessionId);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.set(sessionId, previous ?? (() => {}));
        reject(new Error(`the bench page did not load within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#listeners.set(sessionId, (method, params) => {
        previous?.(method, params);
        if (method !== name) return;
        clearTimeout(timer);
        if (previous !== undefined) this.#listeners.set(sessionId, previous);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.#gone === undefined) await this.send('Browser.close', {}, undefined, CLOSE_TIMEOUT_MS).catch(() => {});
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timer);
  }

  #read(text: string): void {
    this.#buffered += text;
    for (let end = this.#buffered.indexOf('\0'); end !== -1; end = this.#buffered.indexOf('\0')) {
      const message = JSON.parse(this.#buffered.slice(0, end)) as DevToolsMessage;
      this.#buffered = this.#buffered.slice(end + 1);
      if (message.id !== undefined) {
        this.#settle(message.id, message.error === undefined ? undefined : new Error(message.error.message), message.result);
      } else if (message.method !== undefined && message.sessionId !== undefined) {
        this.#listeners.get(message.sessionId)?.(message.method, message.params ?? {});
      }
    }
  }

  #settle(id: number, error: Error | undefined, result?: unknown): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    if (error === undefined) pending.resolve(result);
    else pending.reject(error);
  }

  #fail(error: Error): void {
    this.#gone ??= error;
    for (const id of [...this.#pending.keys()]) this.#settle(id, error);
  }
}

function describeException(details: unknown): string {
  const { text, exception } = (details ?? {}) as { text?: string; exception?: { description?: string } };
  return exception?.description ?? text ?? 'an exception';
}

function consoleText(args: unknown): string {
  if (!Array.isArray(args)) return '';
  return args
    .map((arg: { value?: unknown; description?: string }) => (arg.value !== undefined ? String(arg.value) : (arg.description ?? '')))
    .join(' ');
}
