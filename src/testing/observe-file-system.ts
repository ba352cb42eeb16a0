import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';

/** One call into node:fs or node:fs/promises that named a path. */
export interface FileSystemCall {
  /** The function's name (`lstat`, `open`, `readFileSync`, …). */
  readonly name: string;
  /** Its first argument, as a path string. */
  readonly path: string;
}

export interface ObserveOptions {
  /**
   * Called once a promise-returning or sync call has done its work (the promise settled, the call returned),
   * before its caller sees the result: where a test changes the file system between
   * two steps of the code under test. File system calls made in it are not recorded.
   */
  afterCall?(call: FileSystemCall): void;
}

interface Observation {
  readonly calls: FileSystemCall[];
  readonly options: ObserveOptions;
  /** Set while afterCall runs: its own calls are the test's, not the code's. */
  quiet: boolean;
}

const observations = new AsyncLocalStorage<Observation>();

/**
 * Runs `run` and records every call into node:fs and node:fs/promises made on its
 * behalf that names a path: what the code under test asked the file system about, at
 * the one door JavaScript has to it. Calls from elsewhere in the process at the same
 * time are not recorded (the record follows `run`'s async context). The modules'
 * functions are swapped for recording ones only for the duration of the call, and
 * syncBuiltinESMExports() makes ES module imports (`import { lstat } from
 * 'node:fs/promises'`) see the swap as well.
 */
export async function observeFileSystem<T>(run: () => Promise<T>, options: ObserveOptions = {}): Promise<{ result: T; calls: FileSystemCall[] }> {
  const restore = [instrument(fs as unknown as Record<string, unknown>), instrument(fsPromises as unknown as Record<string, unknown>)];
  syncBuiltinESMExports();
  const observation: Observation = { calls: [], options, quiet: false };
  try {
    const result = await observations.run(observation, run);
    return { result, calls: observation.calls };
  } finally {
    for (const undo of restore) undo();
    syncBuiltinESMExports();
  }
}

/** Replaces every function of `module` with a recording one; returns how to put them back. */
function instrument(module: Record<string, unknown>): () => void {
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const [name, value] of Object.entries(module)) {
    // Classes (Stats, Dirent, ReadStream…) and the promises namespace stay as they are.
    if (typeof value !== 'function' || /^[A-Z]/.test(name)) continue;
    const original = value as (...args: unknown[]) => unknown;
    const recording = function (this: unknown, ...args: unknown[]): unknown {
      const observation = observations.getStore();
      const path = observation === undefined || observation.quiet ? undefined : pathOf(args[0]);
      if (observation === undefined || path === undefined) return original.apply(this, args);
      const call = { name, path };
      observation.calls.push(call);
      const done = (): void => {
        if (observation.options.afterCall === undefined) return;
        observation.quiet = true;
        try {
          observation.options.afterCall(call);
        } finally {
          observation.quiet = false;
        }
      };
      const result = original.apply(this, args);
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            done();
            return value;
          },
          (error: unknown) => {
            done();
            throw error;
          },
        );
      }
      // A callback-style call has not done its work yet when it returns: no afterCall for it.
      if (name.endsWith('Sync')) done();
      return result;
    };
    // util.promisify.custom and the like: the swap must not change what the function offers.
    for (const key of Reflect.ownKeys(original)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const descriptor = Object.getOwnPropertyDescriptor(original, key);
      if (descriptor !== undefined) Object.defineProperty(recording, key, descriptor);
    }
    originals.set(name, original);
    module[name] = recording;
  }
  return () => {
    for (const [name, original] of originals) module[name] = original;
  };
}

function pathOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (Buffer.isBuffer(argument)) return argument.toString();
  if (argument instanceof URL && argument.protocol === 'file:') return fileURLToPath(argument);
  return undefined;
}
