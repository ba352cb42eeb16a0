import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RelayConnectOptions } from '../protocol/relay-protocol.js';

/** The TLS material named by caPath and clientCert, read from the sandbox. */
export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

export type TlsFilesOutcome =
  | { readonly ok: true; readonly files: TlsFiles }
  /** Answered with 2302002; `reason` is for the relay's log only (it may name host paths). */
  | { readonly ok: false; readonly reason: string };

/**
 * Reads caPath and clientCert as the device checks them (OH §4 order of checks, §5):
 * caPath first, then, when certPath is non-empty, certPath and keyPath. Empty paths
 * mean "not given"; a file that is missing is 2302002, for ws:// as well as wss://.
 *
 * The sandbox stands in for the app's own files: a path is resolved against
 * `sandboxDir` (absolute paths are taken as they are), then through fs.realpath, and
 * must still lie inside the sandbox. A path that leaves it, with `..` or through a
 * symlink, is answered like a missing file, 2302002, because on the device a path
 * outside the app's sandbox does not exist for the app either (realpath fails there).
 * Without a sandbox every path is refused that way: the relay never reads the
 * developer's files for a page unless told where it may.
 */
export async function readTlsFiles(
  sandboxDir: string | undefined,
  options: Pick<RelayConnectOptions, 'caPath' | 'clientCert'>,
): Promise<TlsFilesOutcome> {
  const wanted: Array<[keyof TlsFiles & ('ca' | 'cert' | 'key'), string, string]> = [];
  if (options.caPath !== undefined && options.caPath !== '') wanted.push(['ca', 'caPath', options.caPath]);
  const clientCert = options.clientCert;
  if (clientCert !== undefined && clientCert.certPath !== '') {
    wanted.push(['cert', 'clientCert.certPath', clientCert.certPath], ['key', 'clientCert.keyPath', clientCert.keyPath]);
  }
  if (wanted.length === 0) return { ok: true, files: {} };
  if (sandboxDir === undefined) return { ok: false, reason: `${wanted[0]?.[1]}: no sandboxDir is configured, so the relay reads no files` };

  let root: string;
  try {
    root = await realpath(sandboxDir);
  } catch (error) {
    return { ok: false, reason: `sandboxDir ${sandboxDir} is unusable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const files: TlsFiles = {};
  for (const [slot, option, path] of wanted) {
    const outcome = await readInside(root, path);
    if (typeof outcome === 'string') return { ok: false, reason: `${option}: ${outcome}` };
    files[slot] = outcome;
  }
  if (clientCert !== undefined && files.cert !== undefined && clientCert.keyPassword !== undefined) files.passphrase = clientCert.keyPassword;
  return { ok: true, files };
}

async function readInside(root: string, path: string): Promise<Buffer | string> {
  let real: string;
  try {
    real = await realpath(resolve(root, path));
  } catch (error) {
    return `does not exist (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const inside = relative(root, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return 'resolves outside the sandbox';
  try {
    return await readFile(real);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}
