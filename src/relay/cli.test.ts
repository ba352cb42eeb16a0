import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseCliArgs } from './cli-args.js';
import { openLeg } from './testing/relay-client.js';
import { within } from '../testing/within.js';

describe('parseCliArgs', () => {
  it('maps every flag to a relay option', () => {
    const command = parseCliArgs([
      'relay',
      '--host',
      '127.0.0.1',
      '--port',
      '8787',
      '--path',
      '/r',
      '--allow-origin',
      'http://localhost:5173',
      '--allow-origin',
      'http://localhost:4173',
      '--allow-host',
      'dev.local',
      '--allow-target',
      'echo.example:443',
      '--sandbox',
      'files',
      '--strict-tls',
      '--max-receive-bytes',
      '1048576',
    ]);
    assert.equal(command.kind, 'relay');
    assert.deepEqual(command.kind === 'relay' && command.options, {
      host: '127.0.0.1',
      port: 8787,
      path: '/r',
      allowedOrigins: ['http://localhost:5173', 'http://localhost:4173'],
      allowedHosts: ['dev.local'],
      outbound: { allowHosts: ['echo.example:443'] },
      sandboxDir: `${process.cwd()}/files`,
      strictTls: true,
      maxReceiveBytes: 1048576,
    });
  });

  it('knows help and refuses nonsense', () => {
    assert.equal(parseCliArgs(['--help']).kind, 'help');
    assert.equal(parseCliArgs(['relay', '-h']).kind, 'help');
    for (const argv of [
      [],
      ['serve'],
      ['relay', '--port', 'x'],
      ['relay', '--port', '70000'],
      ['relay', '--bogus'],
      ['relay', '--max-receive-bytes', '0'],
    ]) {
      assert.equal(parseCliArgs(argv).kind, 'error', argv.join(' '));
    }
  });
});

function runCli(...args: string[]): ChildProcessWithoutNullStreams {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: 'pipe' });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return within(new Promise((resolve) => child.once('exit', (code) => resolve(code))), 10_000, 'the CLI to exit');
}

describe('ohos-netkit relay (the command)', { timeout: 30_000 }, () => {
  it('prints where it listens, the token and the config line; serves; stops on SIGINT', async () => {
    const child = runCli('relay', '--port', '0');
    const ended = exited(child);
    let stdout = '';
    const config = await within(
      new Promise<RegExpExecArray>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /globalThis\.__OHOS_NETKIT_CONFIG__ = \{ relay: \{ url: '([^']+)', token: '([0-9a-f]{64})' \} \};/.exec(stdout);
          if (match !== null) resolve(match);
        });
      }),
      10_000,
      'the config line',
    );
    const [, url = '', token = ''] = config;
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/ohos-netkit-relay$/);
    assert.ok(stdout.includes(`token: ${token}`));
    (await openLeg({ url, token })).close();
    child.kill('SIGINT');
    assert.equal(await ended, 0);
  });

  it('prints help and exits 0; exits 2 on a bad flag', async () => {
    const help = runCli('--help');
    let text = '';
    help.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    assert.equal(await exited(help), 0);
    assert.match(text, /Usage: ohos-netkit relay/);
    const bad = runCli('relay', '--bogus');
    bad.stderr.resume();
    assert.equal(await exited(bad), 2);
  });
});
