import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { LegRefused, openLeg } from '../src/relay/testing/open-leg.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { within } from '../src/testing/within.js';
import { startStatic, type StaticServer } from './servers/static.js';
import { installPackedPackage, type InstalledPackage } from './support/installed-package.js';

// `ohos-netkit relay` as a user runs it: the built bin of the packed package, installed
// in an app's node_modules, as a child process. Every wait is for a line of its output.

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Every kind of character a token may hold (RFC 9110 tchar), as a page must send it. */
const STABLE_TOKEN = "stable.Token_for~the|page!#$%&'*+^`-0123456789";
const OTHER_TOKEN = 'another-token-of-the-right-length-0123456789';

test.describe.configure({ timeout: 60_000 });

let app: InstalledPackage;
let site: StaticServer;
let upstream: UpstreamServer;
let version: string;
test.beforeAll(async () => {
  app = await installPackedPackage();
  site = await startStatic({ dist: join(REPO, 'dist'), harness: join(REPO, 'test-browser/harness') });
  upstream = await startUpstreamServer();
  version = (JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
});
test.afterAll(async () => {
  await site?.close();
  await upstream?.close();
  await app?.remove();
});

/** A run of the installed bin: its output so far, waits for a line of it, and its exit. */
class CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  stdout = '';
  stderr = '';
  readonly #changed = new Set<() => void>();

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    const base = { ...process.env };
    delete base.OHOS_NETKIT_RELAY_TOKEN;
    // The bin starts with `#!/usr/bin/env node`: this Node is the one it finds.
    const path = [dirname(process.execPath), base.PATH ?? ''].join(delimiter);
    this.child = spawn(app.bin('ohos-netkit'), args, { cwd: app.dir, env: { ...base, PATH: path, ...env }, stdio: 'pipe' });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    const notify = (): void => this.#changed.forEach((wake) => wake());
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      notify();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      notify();
    });
    void this.exited.then(notify);
  }

  /** The first match of `pattern` in stdout (or stderr), once it has been written. */
  waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpExecArray> {
    return within(
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(this[stream]);
          if (match !== null) {
            this.#changed.delete(check);
            resolve(match);
          } else if (this.child.exitCode !== null) {
            this.#changed.delete(check);
            reject(new Error(`the CLI exited (${this.child.exitCode}) before ${pattern}:\n${this.stdout}\n${this.stderr}`));
          }
        };
        this.#changed.add(check);
        check();
      }),
      15_000,
      `${pattern} in the CLI's ${stream}`,
    );
  }

  /** The relay's URL, once the startup lines are out. */
  async started(): Promise<string> {
    await this.waitFor(/Press Ctrl\+C to stop\.\n/);
    return (await this.waitFor(/^ohos-netkit dev relay on (ws:\/\/\S+)$/m))[1] ?? '';
  }

  /** The exit code of a run that ends by itself. */
  ended(): Promise<number | null> {
    return within(this.exited, 10_000, 'the CLI to exit');
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return within(this.exited, 10_000, 'the CLI to exit');
  }
}

const runs: CliRun[] = [];
function runCli(args: readonly string[], env?: Record<string, string>): CliRun {
  const run = new CliRun(args, env);
  runs.push(run);
  return run;
}
test.afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop()));
});

/** The harness page, pointed at the relay the way the startup line says, connects to the upstream's /headers and returns what it saw. */
async function originSeenThrough(page: Page, relay: { url: string; token: string }): Promise<string> {
  await page.goto(`${site.url}/harness/index.html?config=${encodeURIComponent(JSON.stringify({ relay }))}`);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  return page.evaluate(async (url) => {
    const ws = (window as unknown as { kit: { webSocket: { createWebSocket(): any } } }).kit.webSocket.createWebSocket();
    const first = new Promise<string>((resolve, reject) => {
      ws.on('message', (_err: unknown, value: string) => resolve(value));
      ws.on('error', (err: unknown) => reject(new Error(`error event ${JSON.stringify(err)}`)));
    });
    await ws.connect(url);
    const { headers } = JSON.parse(await first) as { headers: Record<string, string> };
    await ws.close();
    return headers.origin ?? '';
  }, `${upstream.origin}/headers`);
}

async function refusal(leg: Promise<{ close(): void }>): Promise<number> {
  try {
    (await leg).close();
    return 101;
  } catch (error) {
    if (error instanceof LegRefused) return error.status;
    throw error;
  }
}

test("--version and -v print the installed package's version, not the app's", async () => {
  expect(version).not.toBe('7.7.7');
  for (const flag of ['--version', '-v']) {
    const run = runCli([flag]);
    expect(await run.ended()).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  }
});

test('--token: a page with that token reaches the relay, another is refused; the token is printed nowhere', async ({ page }) => {
  const run = runCli(['relay', '--token', STABLE_TOKEN]);
  const url = await run.started();
  expect(run.stdout).toContain('token: given by --token (not printed)');
  // Through the relay, the upstream sees the device's Origin, not the page's.
  expect(await originSeenThrough(page, { url, token: STABLE_TOKEN })).toBe('http://127.0.0.1');
  expect(await refusal(openLeg({ url, token: OTHER_TOKEN }, { origin: site.url }))).toBe(401);
  expect(await refusal(openLeg({ url, token: STABLE_TOKEN }, { origin: site.url }))).toBe(101);
  await run.waitFor(/wrong token/, 'stderr');
  expect(await run.stop()).toBe(0);
  expect(run.stdout + run.stderr).not.toContain(STABLE_TOKEN);
});

test('OHOS_NETKIT_RELAY_TOKEN gives the token; --token wins over it', async () => {
  const fromEnv = runCli(['relay'], { OHOS_NETKIT_RELAY_TOKEN: STABLE_TOKEN });
  const url = await fromEnv.started();
  expect(fromEnv.stdout).toContain('token: given by OHOS_NETKIT_RELAY_TOKEN (not printed)');
  expect(await refusal(openLeg({ url, token: STABLE_TOKEN }, { origin: site.url }))).toBe(101);
  expect(await refusal(openLeg({ url, token: OTHER_TOKEN }, { origin: site.url }))).toBe(401);
  expect(fromEnv.stdout + fromEnv.stderr).not.toContain(STABLE_TOKEN);

  const both = runCli(['relay', '--token', OTHER_TOKEN], { OHOS_NETKIT_RELAY_TOKEN: STABLE_TOKEN });
  const bothUrl = await both.started();
  expect(await refusal(openLeg({ url: bothUrl, token: OTHER_TOKEN }, { origin: site.url }))).toBe(101);
  expect(await refusal(openLeg({ url: bothUrl, token: STABLE_TOKEN }, { origin: site.url }))).toBe(401);
});

test('a token too short, or one a subprotocol cannot carry, exits 2 with the reason and starts nothing', async () => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['relay', '--token', 'short-secret'], {}, /^ohos-netkit: --token: token must be at least 32 characters \(this one has 12\)$/m],
    [['relay'], { OHOS_NETKIT_RELAY_TOKEN: 'a token with spaces in it, and a comma' }, /^ohos-netkit: OHOS_NETKIT_RELAY_TOKEN: token may hold only/m],
  ];
  for (const [args, env, expected] of cases) {
    const run = runCli(args, env);
    expect(await run.ended()).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain(args[2] ?? env.OHOS_NETKIT_RELAY_TOKEN);
  }
});

test('--sandbox naming no directory: a warning that every certificate file is missing, and the relay serves', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'ohos-netkit-sandbox-'));
  try {
    const missing = join(parent, 'app-files');
    const run = runCli(['relay', '--sandbox', missing]);
    const url = await run.started();
    await run.waitFor(new RegExp(`sandboxDir ${missing} does not exist: .*every file a page names .* is missing`), 'stderr');
    expect(run.stdout).toContain(
      `files: caPath, clientCert, serverCert and multipart filePath inside ${missing}, which does not exist: every one is missing\n`,
    );
    const token = (await run.waitFor(/^token: ([0-9a-f]{64})$/m))[1] ?? '';
    expect(await refusal(openLeg({ url, token }, { origin: site.url }))).toBe(101);

    const notADirectory = runCli(['relay', '--sandbox', join(REPO, 'package.json')]);
    await notADirectory.started();
    await notADirectory.waitFor(/sandboxDir \S+package\.json is not a directory/, 'stderr');
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('the startup lines say what holds in the words of --help: its defaults, and what the flags change', async () => {
  const help = runCli(['--help']);
  expect(await help.ended()).toBe(0);
  const defaults = /^By default \(at startup the relay prints what holds\):\n((?: {2}.+\n)+)/m.exec(help.stdout)?.[1];
  expect(defaults?.split('\n').filter(Boolean)).toEqual([
    '  targets: any host; never link-local, cloud-metadata, broadcast or multicast addresses, nor the relay itself',
    '  files: none: every file a page names (caPath, clientCert, serverCert and multipart filePath) is missing',
    "  app servers: on loopback, on the app's own ports",
  ]);

  const plain = runCli(['relay']);
  await plain.started();
  expect(plain.stdout).toContain(defaults?.replace(/^ {2}/gm, ''));

  const narrowed = runCli([
    'relay',
    '--allow-target',
    '127.0.0.1:8080',
    '--allow-target',
    '*.example.com',
    '--sandbox',
    REPO,
    '--server-ports',
    'free',
  ]);
  await narrowed.started();
  expect(narrowed.stdout).toContain(
    'targets: only 127.0.0.1:8080, *.example.com; never link-local, cloud-metadata, broadcast or multicast addresses, nor the relay itself\n' +
      `files: caPath, clientCert, serverCert and multipart filePath inside ${REPO.replace(/\/$/, '')}\n` +
      'app servers: on loopback, on free ports\n',
  );
});
