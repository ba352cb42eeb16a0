/**
 * `npx playwright test` in a user's project, run as a child process the way a user runs
 * it on a machine without Playwright's own browser download (a container with the
 * system's Chromium): Playwright's browser cache is an empty directory for it, so only
 * CHROMIUM_PATH (through the fixture, or the project's own config) can give it a browser.
 * Nothing of this test run leaks into it: not our browser, not our worker's state.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UserRun {
  /** The exit code; null when it was killed. */
  readonly code: number | null;
  /** stdout and stderr, as printed. */
  readonly output: string;
}

export interface UserRunOptions {
  /** CHROMIUM_PATH for the run; unset when undefined. */
  readonly chromiumPath?: string | undefined;
  /** The whole run's bound: past it the run is killed, and its output says so. */
  readonly timeoutMs?: number;
}

export async function runUserPlaywright(dir: string, args: readonly string[], options: UserRunOptions = {}): Promise<UserRun> {
  const emptyBrowsers = await mkdtemp(join(tmpdir(), 'ohos-netkit-no-browsers-'));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(PLAYWRIGHT_|PW_|TEST_)/.test(name) || ['CHROMIUM_PATH', 'NODE_OPTIONS'].includes(name)) continue;
    env[name] = value;
  }
  env.PLAYWRIGHT_BROWSERS_PATH = emptyBrowsers;
  env.FORCE_COLOR = '0';
  if (options.chromiumPath !== undefined) env.CHROMIUM_PATH = options.chromiumPath;
  try {
    // A process group of its own: a run that overstays is ended with its workers and browsers.
    const child = spawn('npx', ['--no', 'playwright', 'test', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timeoutMs = options.timeoutMs ?? 90_000;
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group ended on its own meanwhile.
      }
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        output += `\n${error.message}`;
        resolve(null);
      });
      child.once('close', resolve);
    });
    clearTimeout(timer);
    return { code, output };
  } finally {
    await rm(emptyBrowsers, { recursive: true, force: true });
  }
}
