import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseCliArgs, TOKEN_ENV } from './cli-args.js';
import { openLeg } from '../../relay/testing/open-leg.js';
import { within } from '../../testing/within.js';

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

  it('takes a fixed token from --token or from OHOS_NETKIT_RELAY_TOKEN; the flag wins', () => {
    const flag = 'f'.repeat(32);
    const fromEnv = 'e'.repeat(40);
    const env = { [TOKEN_ENV]: fromEnv };
    assert.deepEqual(parseCliArgs(['relay', '--token', flag]), { kind: 'relay', options: { token: flag }, tokenSource: '--token' });
    assert.deepEqual(parseCliArgs(['relay'], env), { kind: 'relay', options: { token: fromEnv }, tokenSource: TOKEN_ENV });
    assert.deepEqual(parseCliArgs(['relay', '--token', flag], env), { kind: 'relay', options: { token: flag }, tokenSource: '--token' });
    // An empty variable is no token: the relay makes one.
    assert.deepEqual(parseCliArgs(['relay'], { [TOKEN_ENV]: '' }), { kind: 'relay', options: {}, tokenSource: 'generated' });
  });

  it('refuses a token too short to be a secret or that cannot travel as a subprotocol, without quoting it', () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['relay', '--token', 'secret-but-only-29-characters'], {}, /^--token: token must be at least 32 characters \(this one has 29\)$/],
      [['relay'], { [TOKEN_ENV]: 'short-token' }, new RegExp(`^${TOKEN_ENV}: token must be at least 32 characters`)],
      [['relay', '--token', `${'a'.repeat(32)} b`], {}, /^--token: token may hold only letters, digits and/],
      [['relay', '--token', `${'a'.repeat(32)},b`], {}, /WebSocket subprotocol value/],
      [['relay', '--token', `${'a'.repeat(32)}"`], {}, /WebSocket subprotocol value/],
      [['relay', '--token', `${'a'.repeat(32)}é`], {}, /WebSocket subprotocol value/],
      [['relay', '--token', ''], {}, /this one has 0/],
    ];
    for (const [argv, env, expected] of cases) {
      const command = parseCliArgs(argv, env);
      assert.equal(command.kind, 'error', argv.join(' '));
      const message = command.kind === 'error' ? command.message : '';
      assert.match(message, expected);
      const token = argv[2] ?? env[TOKEN_ENV] ?? '';
      if (token !== '') assert.ok(!message.includes(token), message);
    }
    // Every RFC 9110 token character is fine.
    assert.equal(parseCliArgs(['relay', '--token', "!#$%&'*+-.^_`|~09AZaz".padEnd(32, 'x')]).kind, 'relay');
  });

  it("maps --server-ports to the relay's servers.ports", () => {
    const ports = (...values: string[]) => {
      const command = parseCliArgs(['relay', ...values.flatMap((value) => ['--server-ports', value])]);
      return command.kind === 'relay' ? command.options.servers : command.kind === 'error' ? command.message : command.kind;
    };
    assert.deepEqual(ports('free'), { ports: 'free' });
    assert.deepEqual(ports('8080:0', '9000:19000'), { ports: { 8080: 0, 9000: 19000 } });
    for (const bad of [['free', '8080:0'], ['8080'], ['8080:x'], ['0:80'], ['8080:70000'], ['8080:1:2'], ['any']]) {
      assert.match(String(ports(...bad)), /^--server-ports /, bad.join(' '));
    }
  });

  it('knows help and version, and refuses nonsense', () => {
    assert.equal(parseCliArgs(['--help']).kind, 'help');
    assert.equal(parseCliArgs(['relay', '-h']).kind, 'help');
    assert.equal(parseCliArgs(['--version']).kind, 'version');
    assert.equal(parseCliArgs(['-v']).kind, 'version');
    assert.equal(parseCliArgs(['relay', '--version']).kind, 'version');
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
