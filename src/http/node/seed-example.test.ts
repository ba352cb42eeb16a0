import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/overview-http-request.ts', import.meta.url));
const HTTP_ENTRY = fileURLToPath(new URL('../../entries/node/ohos-net-http.ts', import.meta.url));

/**
 * The seed overview's http example (netstack's README) runs in Node unmodified but for
 * its address: its scheme-less "www.example.com" becomes a loopback server's host and
 * port, scheme-less too (curl takes it as http://, HTTP §4), and `@ohos.net.http` is
 * the Node entry. It prints what the device's callback gets: err undefined, then the
 * response (HTTP §2.2, §5).
 */
describe('the seed overview http example in Node (HTTP §2.2, §4, §5)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let dir: string;
  before(async () => {
    server = await startHttpTestServer();
    dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-seed-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints err undefined and the response of a GET to the scheme-less URL', async () => {
    const source = await readFile(EXAMPLE, 'utf8');
    assert.equal(source.split('"www.example.com"').length - 1, 1, 'the example names its address once');
    const address = server.origin.slice('http://'.length);
    const app = source
      .replace('"www.example.com"', JSON.stringify(`${address}/headers?x-seed=1`))
      .replace('"@ohos.net.http"', JSON.stringify(HTTP_ENTRY));
    const { outputText } = ts.transpileModule(app, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    const file = join(dir, 'app.mts');
    await writeFile(file, outputText);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', file], { timeout: 20_000 }, (error, out) => (error === null ? resolve(out) : reject(error))),
    );
    const [err, data, ...rest] = stdout.trim().split('\n');
    assert.deepEqual(rest, []);
    // JSON.stringify(undefined) is undefined, which console.log prints as "undefined".
    assert.equal(err, 'undefined');
    const response = JSON.parse(data ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(response).slice(0, 5), ['responseCode', 'cookies', 'header', 'result', 'resultType']);
    assert.equal(response.responseCode, 200);
    assert.equal((response.header as Record<string, string>)['x-seed'], '1');
    assert.equal(response.resultType, 0);
    assert.equal(server.requests.at(-1)?.method, 'GET');
    assert.equal(server.requests.at(-1)?.target, '/headers?x-seed=1');
  });
});
