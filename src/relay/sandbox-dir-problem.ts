import { statSync } from 'node:fs';

/**
 * Why `sandboxDir` cannot serve as the app's files directory right now, or undefined
 * when it can. The relay still starts without it (the directory may appear later:
 * every file is looked up when a page names it), but a developer who mistyped the
 * path should hear it at startup rather than from a failed request much later.
 */
export function sandboxDirProblem(sandboxDir: string): string | undefined {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(sandboxDir).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
  }
  return isDirectory ? undefined : 'is not a directory';
}
