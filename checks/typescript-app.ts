/**
 * What the checks need to compile code as an app would: the TypeScript compilers the
 * public types must work with, and a throwaway app folder with this package installed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, which the app folder installs as `ohos-netkit`. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const require = createRequire(import.meta.url);

export interface Compiler {
  /** For test names, as "TypeScript 5.9.3". */
  name: string;
  /** The package's `tsc` script, run with this Node. */
  tsc: string;
}

function compilerOf(pkg: string): Compiler {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { version } = require(manifest) as { version: string };
  // By path: TypeScript 7 does not export bin/tsc, and both packages install a `tsc` binary.
  return { name: `TypeScript ${version}`, tsc: join(dirname(manifest), 'bin', 'tsc') };
}

/** The one we build with (devDependency `typescript`) and the native port (`typescript-7`). */
export const COMPILERS: readonly Compiler[] = [compilerOf('typescript'), compilerOf('typescript-7')];

/** A compile's end: the exit code and what the compiler printed. */
export interface CompileResult {
  code: number | null;
  output: string;
}

/**
 * Runs `tsc -p dir --noEmit --pretty false` and resolves with its output, whether it passed or
 * not. TypeScript 7's `tsc` script starts the native compiler as a child process, so the
 * run gets a process group of its own and the whole group is killed after `timeoutMs`.
 */
export function compile(compiler: Compiler, dir: string, timeoutMs = 60_000): Promise<CompileResult> {
  return new Promise((resolve, reject) => {
    const ownGroup = process.platform !== 'win32';
    const child = spawn(process.execPath, [compiler.tsc, '-p', dir, '--noEmit', '--pretty', 'false'], {
      cwd: dir,
      detached: ownGroup,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
      reject(new Error(`${compiler.name} did not finish within ${timeoutMs} ms in ${dir}:\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export interface App {
  dir: string;
  /** Deletes the folder (the `ohos-netkit` link in it, not what it points to). */
  remove(): Promise<void>;
}

/** A new folder in the system's temp directory with `files` and node_modules/ohos-netkit linked to this repository. */
export async function makeApp(files: Readonly<Record<string, string>>): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-check-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(ROOT, join(dir, 'node_modules', 'ohos-netkit'), 'junction');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A repository file's text. */
export function repoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
