import { constants, type Stats } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveInSandbox, type Sandbox } from './resolve-in-sandbox.js';

/** The options that name TLS files (WS §5 caPath, clientCert). */
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
 * Reads caPath and clientCert as the device checks them (WS §4 order of checks, §5):
 * caPath first, then, when certPath is non-empty, certPath and keyPath. Empty paths
 * mean "not given"; a file that is missing is 2302002, for ws:// as well as wss://.
 *
 * In the relay a sandbox stands in for the app's own files: a path is resolved in the
 * sandbox directory (relative paths from it, absolute ones only when they start with
 * it) as realpath would, but without a look-up outside it (resolveInSandbox). A path
 * that leaves it, with `..` or through a symlink, is answered like a missing file,
 * 2302002, because on the device a path outside the app's sandbox does not exist for
 * the app either (realpath fails there); and it gets one answer, "resolves outside the
 * sandbox", whether something exists out there or not, so that a page cannot probe the
 * developer's disk. Without a sandbox every path is refused that way: the relay never
 * reads the developer's files for a page unless told where it may.
 */
export async function readTlsFiles(source: TlsFileSource, options: TlsFileOptions): Promise<TlsFilesOutcome> {
  const wanted: Array<[keyof TlsFiles & ('ca' | 'cert' | 'key'), string, string]> = [];
  if (options.caPath !== undefined && options.caPath !== '') wanted.push(['ca', 'caPath', options.caPath]);
  const clientCert = options.clientCert;
  if (clientCert !== undefined && clientCert.certPath !== '') {
    wanted.push(['cert', 'clientCert.certPath', clientCert.certPath], ['key', 'clientCert.keyPath', clientCert.keyPath]);
  }
  if (wanted.length === 0) return { ok: true, files: {} };
  const reader = await appFileReader(source);
  if (typeof reader !== 'function') return { ok: false, reason: reader.aboutSandbox ? reader.why : `${wanted[0]?.[1]}: ${reader.why}` };
  const files: TlsFiles = {};
  for (const [slot, option, path] of wanted) {
    const outcome = await reader(path);
    if (typeof outcome === 'string') return { ok: false, reason: `${option}: ${outcome}` };
    files[slot] = outcome;
  }
  if (clientCert !== undefined && files.cert !== undefined && clientCert.keyPassword !== undefined) files.passphrase = clientCert.keyPassword;
  return { ok: true, files };
}

/**
 * Reads one of the app's files from `source` with readTlsFiles' rules (sandbox walk,
 * regular files of at most `maxBytes`): its bytes, or why not. For the http namespace's
 * files that readTlsFiles does not name (a PKCS#12 client certificate without a key
 * file, a multipart part's filePath).
 */
export async function readAppFile(source: TlsFileSource, path: string, maxBytes = MAX_TLS_FILE_BYTES): Promise<Buffer | string> {
  const reader = await appFileReader(source, maxBytes);
  return typeof reader === 'function' ? reader(path) : reader.why;
}

/** How paths are read from `source`, or why no file can be (`aboutSandbox`: the sandbox itself is the problem, not one option's file). */
async function appFileReader(
  source: TlsFileSource,
  maxBytes = MAX_TLS_FILE_BYTES,
): Promise<((path: string) => Promise<Buffer | string>) | { readonly why: string; readonly aboutSandbox: boolean }> {
  if (source === undefined) return { why: 'no sandboxDir is configured, so the relay reads no files', aboutSandbox: false };
  if (typeof source !== 'string') return (path) => readResolvedFile(resolve(source.baseDir, path), maxBytes);
  let root: string;
  try {
    root = await realpath(source);
  } catch (error) {
    return { why: `sandboxDir ${source} is unusable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, aboutSandbox: true };
  }
  const sandbox: Sandbox = { root, aliases: [...new Set([root, resolve(source)])] };
  return (path) => readInside(sandbox, path, maxBytes);
}

/** WS §5: the device resolves the path with realpath; a path that does not resolve is missing. */
async function readResolvedFile(path: string, maxBytes: number): Promise<Buffer | string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  return readRegularFile(real, maxBytes);
}

/** Certificates and keys are small; a CA bundle of every public root is about 200 KiB. */
export const MAX_TLS_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes`, or says why not. Anything else
 * (a FIFO, a socket, a device such as /dev/zero or /dev/tty) is refused without
 * reading: a read from a FIFO nobody writes never returns, and every such read holds
 * one of libuv's four pool threads, which DNS look-ups and every other file read wait
 * for. O_NONBLOCK makes the open itself return at once for a FIFO (it does nothing for
 * a regular file), and the check is made on the opened file, so it cannot be swapped
 * in between.
 *
 * `walked`: what resolveInSandbox saw at `path`. The opened file must be that very file
 * (same device and inode), or nothing is read: a link or a directory swapped into the
 * path after the walk would otherwise lead the open out of the sandbox. O_NOFOLLOW
 * already refuses a symlink swapped in for the file itself, before anything behind it
 * is opened; the identity check covers a directory on the way, which O_NOFOLLOW does
 * not look at.
 */
async function readRegularFile(path: string, maxBytes: number, walked?: Stats): Promise<Buffer | string> {
  let handle: Awaited<ReturnType<typeof open>>;
  const noFollow = walked === undefined ? 0 : (constants.O_NOFOLLOW ?? 0);
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0) | noFollow);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (walked !== undefined && (code === 'ELOOP' || code === 'ENOENT' || code === 'ENOTDIR')) return CHANGED;
    return `cannot be read (${code ?? String(error)})`;
  }
  try {
    const stats = await handle.stat();
    if (walked !== undefined && (stats.dev !== walked.dev || stats.ino !== walked.ino)) return CHANGED;
    if (!stats.isFile()) return 'is not a regular file';
    if (stats.size > maxBytes) return `is larger than ${maxBytes} bytes`;
    return await handle.readFile();
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Said when the file opened is not the one the walk found: something in the sandbox changed in between. */
const CHANGED = 'changed in the sandbox while the relay opened it';

async function readInside(sandbox: Sandbox, path: string, maxBytes: number): Promise<Buffer | string> {
  const found = await resolveInSandbox(sandbox, path);
  if (found.kind === 'outside') return 'resolves outside the sandbox';
  if (found.kind === 'missing') return `does not exist in the sandbox (${found.code})`;
  // Seen already by the walk: a FIFO or a device is not even opened.
  if (!found.stats.isFile()) return 'is not a regular file';
  return readRegularFile(found.path, maxBytes, found.stats);
}
