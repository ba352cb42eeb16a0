/**
 * A Node child process of the bench, driven over IPC. The relay and the idle-connection
 * load run in processes of their own: their CPU time and memory are then theirs alone,
 * and the bench's event loop, which serves the upstream ws server, is not shared with
 * the relay it measures.
 *
 * Parent → child: `{ id, op, args }`. Child → parent: `{ kind: 'ready', value }` once,
 * then `{ kind: 'reply', id, ok, value | error }` per request. A child whose parent goes
 * away exits by itself (IPC 'disconnect'), so a crashed bench leaves no relay behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Raises the soft limit on open files to `$1` (capped at the hard limit, never lowered),
 * then becomes the command after it. exec keeps the IPC descriptor and its environment.
 */
const RAISE_OPEN_FILES = [
  'want=$1; shift',
  'hard=$(ulimit -Hn)',
  'if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then want=$hard; fi',
  'soft=$(ulimit -n)',
  'if [ "$soft" != unlimited ] && [ "$soft" -lt "$want" ]; then ulimit -n "$want"; fi',
  'exec "$@"',
].join('\n');

export interface ChildOptions {
  /** Node flags before the script (`--import tsx` is always there). */
  nodeArgs?: readonly string[];
  /** Soft limit on open files the child needs (raised through `ulimit -n` when lower). */
  openFiles?: number;
  /** Handed to the child as JSON in argv[2]. */
  config?: unknown;
}

export interface BenchChild<Ready> {
  readonly pid: number;
  /** What the child announced once it was ready. */
  readonly ready: Ready;
  request<T>(op: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Sends `stop` (the child answers, then exits) and waits for the exit; kills the child when it does not go. */
  stop(): Promise<void>;
}

type ChildMessage = { kind: 'ready'; value: unknown } | { kind: 'reply'; id: number; ok: boolean; value?: unknown; error?: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Starts `script` (a .ts file, run through tsx) and resolves once it says it is ready. */
export async function startBenchChild<Ready>(
  script: URL,
  { nodeArgs = [], openFiles = 1024, config = {} }: ChildOptions = {},
): Promise<BenchChild<Ready>> {
  const name = relative(REPO_ROOT, fileURLToPath(script));
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      RAISE_OPEN_FILES,
      'bench-child',
      String(openFiles),
      process.execPath,
      '--import',
      'tsx',
      ...nodeArgs,
      fileURLToPath(script),
      JSON.stringify(config),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `${name} exited (${signal ?? `code ${code}`})`;
      for (const { reject } of pending.values()) reject(new Error(exitReason));
      pending.clear();
      resolve();
    });
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.once('error', reject);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(exitReason));
    });
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') {
        clearTimeout(timer);
        resolve(message.value as Ready);
      } else {
        const request = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) request?.resolve(message.value);
        else request?.reject(new Error(`${name}: ${message.error}`));
      }
    });
  }).catch((error: unknown) => {
    kill(child);
    throw error;
  });

  const request = <T>(op: string, args?: unknown, timeoutMs = 60_000): Promise<T> => {
    if (exitReason !== undefined) return Promise.reject(new Error(exitReason));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name} did not answer ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, op, args });
    });
  };

  return {
    pid: child.pid!,
    ready,
    request,
    stop: async () => {
      if (exitReason !== undefined) return;
      const timer = setTimeout(() => kill(child), STOP_TIMEOUT_MS);
      await request('stop', undefined, STOP_TIMEOUT_MS).catch(() => kill(child));
      await exited;
      clearTimeout(timer);
    },
  };
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export type Handlers = Record<string, (args: never) => unknown>;

/**
 * The child's side: answers the parent's requests with `handlers`; `stop` runs
 * `handlers.stop` when there is one, answers, then exits.
 */
export function serveParent(ready: unknown, handlers: Handlers): void {
  const send = (message: ChildMessage): Promise<void> =>
    new Promise((resolve) => {
      if (process.send === undefined || !process.connected) return resolve();
      process.send(message, undefined, {}, () => resolve());
    });
  process.on('message', (message: { id: number; op: string; args: never }) => {
    void (async () => {
      try {
        const handler = handlers[message.op];
        if (handler === undefined && message.op !== 'stop') throw new Error(`no such request: ${message.op}`);
        const value = await handler?.(message.args);
        await send({ kind: 'reply', id: message.id, ok: true, value });
      } catch (error) {
        await send({ kind: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
      // Once the answer is on its way: the 'disconnect' listener below then exits.
      if (message.op === 'stop' && process.connected) process.disconnect();
    })();
  });
  // No parent any more (it stopped us, or it died): nothing left to serve.
  process.once('disconnect', () => process.exit(0));
  void send({ kind: 'ready', value: ready });
}

/** The JSON config the parent put in argv[2]. */
export function childConfig<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}
