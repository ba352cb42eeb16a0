import type { Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';

/** Linux's MAXSYMLINKS: past this many symbolic links in one path, the path is a loop (ELOOP). */
export const MAX_SYMLINK_HOPS = 40;

/** Linux's PATH_MAX: a longer path names nothing (ENAMETOOLONG), whatever it holds. */
export const MAX_PATH_CHARS = 4096;

/** A sandbox directory: its real path, and every absolute spelling a page may use for it. */
export interface Sandbox {
  /** The directory's realpath: the only place the walk starts from. */
  readonly root: string;
  /** Absolute paths that stand for the root (its realpath, and the path as configured when that is a symlink). */
  readonly aliases: readonly string[];
}

export type SandboxPath =
  /** `path` is the file, and `stats` what the walk saw there (lstat). */
  | { readonly kind: 'found'; readonly path: string; readonly stats: Stats }
  /** Nothing by that name in the sandbox: `code` as realpath would have said it. */
  | { readonly kind: 'missing'; readonly code: string }
  /** The path leaves the sandbox: one answer, whatever is (or is not) out there. */
  | { readonly kind: 'outside' };

const OUTSIDE: SandboxPath = { kind: 'outside' };

/**
 * Resolves `path` in the sandbox as realpath would, without ever asking the file system
 * about anything outside it: a page must not learn from the answer, or from how long it
 * takes, whether a file exists on the developer's disk outside the sandbox.
 *
 * The walk starts at the root and takes one component at a time, with lstat and
 * readlink on names inside the sandbox only. `..` takes back the last component walked
 * (they are all real directories by then, so that is the real parent, as realpath's),
 * and a symbolic link's target is walked in its place. The first step that would leave
 * the root (a `..` at the root, an absolute link target elsewhere) ends the walk with
 * `outside` before any call is made there. A name that is missing (or not a directory
 * where one is needed) ends it with `missing`, unless the rest of the path climbs out
 * of the sandbox anyway: then it is `outside`, as `missing/../../x` must answer the
 * same as `certs/../../x`.
 */
export async function resolveInSandbox(sandbox: Sandbox, path: string): Promise<SandboxPath> {
  if (path.length > MAX_PATH_CHARS) return { kind: 'missing', code: 'ENAMETOOLONG' };
  let pending: string[];
  if (isAbsolute(path)) {
    const rest = belowRoot(sandbox, path);
    if (rest === undefined) return OUTSIDE;
    pending = rest;
  } else {
    pending = componentsOf(path);
  }
  /** The components walked so far: real names under the root, each with what lstat saw. */
  const walked: Array<{ readonly name: string; readonly stats: Stats }> = [];
  const here = (name: string): string => join(sandbox.root, ...walked.map((step) => step.name), name);
  const failed = (code: string): SandboxPath => (climbsOut(walked.length + 1, pending) ? OUTSIDE : { kind: 'missing', code });
  let hops = 0;
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    if (!isName(name)) continue;
    if (name === '..') {
      if (walked.pop() === undefined) return OUTSIDE;
      continue;
    }
    let stats: Stats;
    try {
      stats = await lstat(here(name));
    } catch (error) {
      return failed(errorCode(error));
    }
    if (stats.isSymbolicLink()) {
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) return { kind: 'missing', code: 'ELOOP' };
      let target: string;
      try {
        target = await readlink(here(name));
      } catch (error) {
        return failed(errorCode(error));
      }
      if (isAbsolute(target)) {
        const rest = belowRoot(sandbox, target);
        if (rest === undefined) return OUTSIDE;
        walked.length = 0;
        pending = [...rest, ...pending];
      } else {
        pending = [...componentsOf(target), ...pending];
      }
      continue;
    }
    // "name/" and "name/." need a directory as much as "name/x" does.
    if (pending.length > 0 && !stats.isDirectory()) return failed('ENOTDIR');
    walked.push({ name, stats });
  }
  const last = walked.at(-1);
  if (last !== undefined) return { kind: 'found', path: join(sandbox.root, ...walked.map((step) => step.name)), stats: last.stats };
  // The root itself ("", ".", "certs/.."): the directory the walk started from.
  try {
    return { kind: 'found', path: sandbox.root, stats: await lstat(sandbox.root) };
  } catch (error) {
    return { kind: 'missing', code: errorCode(error) };
  }
}

/**
 * The components of the absolute `path` below the sandbox root, or undefined when it
 * does not start with one of the root's spellings. The prefix is compared by name, with
 * no look-up: a path that wanders out and back in (`/elsewhere/../root/x`) is outside.
 */
function belowRoot(sandbox: Sandbox, path: string): string[] | undefined {
  const raw = componentsOf(path);
  for (const alias of sandbox.aliases) {
    const prefix = componentsOf(alias).filter(isName);
    let index = 0;
    let matched = 0;
    for (; index < raw.length && matched < prefix.length; index++) {
      const name = raw[index] ?? '';
      if (!isName(name)) continue;
      if (name !== prefix[matched]) break;
      matched += 1;
    }
    if (matched === prefix.length) return raw.slice(index);
  }
  return undefined;
}

/** A component that names something: not the empty one between two separators, not ".". */
function isName(component: string): boolean {
  return component !== '' && component !== '.';
}

/** Whether walking `rest` from `depth` components below the root, by name alone, would climb above it. */
function climbsOut(depth: number, rest: readonly string[]): boolean {
  let at = depth;
  for (const name of rest) {
    if (name === '..') at -= 1;
    else if (isName(name)) at += 1;
    if (at < 0) return true;
  }
  return false;
}

function componentsOf(path: string): string[] {
  // Windows takes both separators; elsewhere "\" is an ordinary character of a name.
  return path.split(sep === '\\' ? /[\\/]/ : '/');
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
