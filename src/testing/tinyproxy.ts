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
        const connect = /Request \(file descriptor \d+\): CONNECT (\S+) HTTP/.exec(line);
        if (connect !== null) connects.push(connect[1] ?? '');
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
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await within(exited, 5000, 'tinyproxy to exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
