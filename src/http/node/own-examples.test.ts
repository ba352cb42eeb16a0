import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';

const KIT_ENTRY = fileURLToPath(new URL('../../entries/node/index.ts', import.meta.url));
const BASIC_SERVICES_ENTRY = fileURLToPath(new URL('../../entries/basic-services-kit.ts', import.meta.url));
const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

/**
 * The preview's own http examples (examples/http-*.ts) run in Node as an app would run
 * them, their placeholder addresses swapped for loopback servers: what they print is
 * what the device's events give (HTTP §6), so the preview shows the device's behaviour.
 */
describe("the preview's own http examples in Node (HTTP §6)", { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let upstream: UpstreamServer;
  let dir: string;
  before(async () => {
    server = await startHttpTestServer();
    upstream = await startUpstreamServer();
    dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-examples-'));
  });
  after(async () => {
    await server.close();
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(name: string, addresses: Readonly<Record<string, string>>): Promise<string[]> {
    let source = (await readFile(example(name), 'utf8'))
      .replace("'@kit.NetworkKit'", JSON.stringify(KIT_ENTRY))
      .replace("'@kit.BasicServicesKit'", JSON.stringify(BASIC_SERVICES_ENTRY));
    for (const [placeholder, address] of Object.entries(addresses)) {
      assert.ok(source.includes(placeholder), `${name} names ${placeholder}`);
      source = source.replace(placeholder, address);
    }
    const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    const file = join(dir, `${name}.mts`);
    await writeFile(file, outputText);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', file], { timeout: 20_000 }, (error, out, err) =>
        error === null ? resolve(out + err) : reject(new Error(`${String(error)}\n${out}${err}`)),
      ),
    );
    return stdout.trim().split('\n');
  }

  it('http-stream-download.ts: the header, data chunks adding up to the body, progress up to the total, dataEnd, then the code', async () => {
    const size = 200_000;
    const lines = await run('http-stream-download.ts', { 'http://www.example.com/download': `${server.origin}/bytes?size=${size}` });
    assert.match(lines[0] ?? '', /^header: \{.*"content-length":"200000"/);
    const chunks = lines.filter((line) => line.startsWith('dataReceive: ')).map((line) => Number(/(\d+) bytes/.exec(line)?.[1]));
    assert.ok(chunks.length >= 1);
    assert.equal(
      chunks.reduce((sum, bytes) => sum + bytes, 0),
      size,
    );
    const progress = lines.filter((line) => line.startsWith('dataReceiveProgress: '));
    assert.equal(progress.at(-1), `dataReceiveProgress: ${size} of ${size}`);
    assert.deepEqual(lines.slice(-2), [`dataEnd: ${size} bytes in all`, 'requestInStream done, response code: 200']);
  });

  it('http-with-web-socket.ts: the http body goes out over the WebSocket and comes back', async () => {
    const lines = await run('http-with-web-socket.ts', {
      'http://www.example.com/greeting': `${server.origin}/text?body=hello`,
      '"ws://"': JSON.stringify(`${upstream.origin}/echo`),
    });
    // close() without options closes with 1000 "CLOSE_NORMAL", as the device does (WS §3.4).
    assert.deepEqual(lines, [
      'http response code: 200, body: hello',
      'on open, status: {"status":101,"message":"Switching Protocols"}',
      'sent: true',
      'on message: hello',
      'on close, code is 1000, reason is CLOSE_NORMAL',
    ]);
  });
});
