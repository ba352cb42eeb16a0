import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The options that name TLS files (OH §5 caPath, clientCert). */
export interface TlsFileOptions {
  readonly caPath?: string;
  readonly clientCert?: { readonly certPath: string; readonly keyPath: string; readonly keyPassword?: string };
}

/** The TLS material named by caPath and clientCert, read from the sandbox. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

export type TlsFilesOutcome =
  | { readonly ok: true; readonly files: TlsFiles }
  /**
   * Answered with 2302002. `reason` names the option and what is wrong with its file (and
   * the sandboxDir when that is unusable), never a file's contents: the relay logs it and
   * tells the page's developer (relay-protocol.ts, Why).
   */
  | { readonly ok: false; readonly reason: string };

/**
 * Where caPath and clientCert are read from:
 * - a string: the relay's sandbox (see readTlsFiles), paths confined to it;
 * - `{ baseDir }`: the process's own files (Node mode, where the app's files are the
 *   process's): relative paths resolve against baseDir, any path the process can read;
 * - undefined: no file access, every non-empty path is 2302002.
 */
export type TlsFileSource = string | { readonly baseDir: string } | undefined;

/**
 * Reads caPath and clientCert as the device checks them (OH §4 order of checks, §5):
 * caPath first, then, when certPath is non-empty, certPath and keyPath. Empty paths
 * mean "not given"; a file that is missing is 2302002, for ws:// as well as wss://.
 *
 * In the relay a sandbox stands in for the app's own files: a path is resolved against
 * the sandbox directory (absolute paths are taken as they are), then through fs.realpath, and
 * must still lie inside the sandbox. A path that leaves it, with `..` or through a
 * symlink, is answered like a missing file, 2302002, because on the device a path
 * outside the app's sandbox does not exist for the app either (realpath fails there).
 * Without a sandbox every path is refused that way: the relay never reads the
 * developer's files for a page unless told where it may.
 */
export async function readTlsFiles(source: TlsFileSource, options: TlsFileOptions): Promise<TlsFilesOutcome> {
  const wanted: Array<[keyof TlsFiles & ('ca' | 'cert' | 'key'), string, string]> = [];
  if (options.caPath !== undefined && options.caPath !== '') wanted.push(['ca', 'caPath', options.caPath]);
  const clientCert = options.clientCert;
  if (clientCert !== undefined && clientCert.certPath !== '') {
    wanted.push(['cert', 'clientCert.certPath', clientCert.certPath], ['key', 'clientCert.keyPath', clientCert.keyPath]);
  }
  if (wanted.length === 0) return { ok: true, files: {} };
  if (source === undefined) return { ok: false, reason: `${wanted[0]?.[1]}: no sandboxDir is configured, so the relay reads no files` };

  let read: (path: string) => Promise<Buffer | string>;
  if (typeof source === 'string') {
    let root: string;
    try {
      root = await realpath(source);
    } catch (error) {
      return { ok: false, reason: `sandboxDir ${source} is unusable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
    read = (path) => readInside(root, path);
  } else {
    read = (path) => readAppFile(resolve(source.baseDir, path));
  }
  const files: TlsFiles = {};
  for (const [slot, option, path] of wanted) {
    const outcome = await read(path);
    if (typeof outcome === 'string') return { ok: false, reason: `${option}: ${outcome}` };
    files[slot] = outcome;
  }
  if (clientCert !== undefined && files.cert !== undefined && clientCert.keyPassword !== undefined) files.passphrase = clientCert.keyPassword;
  return { ok: true, files };
}

/** OH §5: the device resolves the path with realpath; a path that does not resolve is missing. */
async function readAppFile(path: string): Promise<Buffer | string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  return readRegularFile(real);
}

/** Certificates and keys are small; a CA bundle of every public root is about 200 KiB. */
export const MAX_TLS_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a regular file of at most MAX_TLS_FILE_BYTES, or says why not. Anything else
 * (a FIFO, a socket, a device such as /dev/zero or /dev/tty) is refused without
 * reading: a read from a FIFO nobody writes never returns, and every such read holds
 * one of libuv's four pool threads, which DNS look-ups and every other file read wait
 * for. O_NONBLOCK makes the open itself return at once for a FIFO (it does nothing for
 * a regular file), and the check is made on the opened file, so it cannot be swapped
 * in between.
 */
async function readRegularFile(path: string): Promise<Buffer | string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return 'is not a regular file';
    if (stats.size > MAX_TLS_FILE_BYTES) return `is larger than ${MAX_TLS_FILE_BYTES} bytes`;
    return await handle.readFile();
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  } finally {
    await handle.close().catch(() => {});
  }
}

async function readInside(root: string, path: string): Promise<Buffer | string> {
  let real: string;
  try {
    real = await realpath(resolve(root, path));
  } catch (error) {
    return `does not exist in the sandbox (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const inside = relative(root, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return 'resolves outside the sandbox';
  return readRegularFile(real);
}
