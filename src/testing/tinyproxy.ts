import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { within } from './within.js';
import { freePort } from './free-port.js';

/** A real tinyproxy (Debian's /usr/bin/tinyproxy) on 127.0.0.1, for HTTP CONNECT tests. */
export interface Tinyproxy {
  readonly host: string;
  readonly port: number;
  /** Everything tinyproxy logged so far. */
  readonly log: string;
  /** The CONNECT targets it was asked for, in order (`host:port`). */
  readonly connects: readonly string[];
  /** Every request line it was sent, in order (`METHOD target`): CONNECT host:port, or GET http://… (absolute form). */
  readonly requests: readonly string[];
  /** Resolves once `request` (as in `requests`) has been logged: tinyproxy's log arrives on its own pipe, after the proxied traffic may have. */
  logged(request: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTinyproxy(): Promise<Tinyproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-tinyproxy-'));
  const port = await freePort();
  const config = join(dir, 'tinyproxy.conf');
  // No LogFile: in the foreground (-d) tinyproxy logs to stdout, line by line.
  await writeFile(config, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', 'LogLevel Info', 'MaxClients 50', 'Allow 127.0.0.1', ''].join('\n'));
  const child = spawn('/usr/bin/tinyproxy', ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const connects: string[] = [];
  const requests: string[] = [];
  const waiters: Array<{ readonly request: string; readonly resolve: () => void }> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error(`tinyproxy exited early:\n${log}`)));
    let partial = '';
    const onOutput = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      log += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const request = /Request \(file descriptor \d+\): (\S+) (\S+) HTTP/.exec(line);
        if (request !== null) {
          const seen = `${request[1]} ${request[2]}`;
          requests.push(seen);
          for (const waiter of waiters.filter((entry) => entry.request === seen)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        if (request?.[1] === 'CONNECT') connects.push(request[2] ?? '');
        if (line.includes('Accepting connections')) resolve();
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
  });
  try {
    await within(ready, 5000, 'tinyproxy to accept connections');
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    get log() {
      return log;
    },
    connects,
    requests,
    logged: (request) =>
      within(
        requests.includes(request) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ request, resolve })),
        5000,
        `tinyproxy to log ${request}`,
      ),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await within(exited, 5000, 'tinyproxy to exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
