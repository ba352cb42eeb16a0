/**
 * Run as a child process by perform.resources.test.ts: transfers that succeed, fail,
 * time out and are aborted, with the device's default timeouts (60 s), then the server
 * stops. Prints each ending; the process must then exit by itself, at once: nothing of
 * the engine may keep a Node process alive.
 */
import { startHttpTestServer } from '../../../testing/http-test-server.js';
import { freePort } from '../../../testing/free-port.js';
import { runTransfer, startTransfer, wireRequest } from './run-transfer.js';

const server = await startHttpTestServer();
const lines: string[] = [];
const ended = (path: string, record: { failed?: number; facts?: { status: number } }): void => {
  lines.push(`${path} ${record.failed === undefined ? `end ${record.facts?.status}` : `fail ${record.failed}`}`);
};
ended('/echo', await runTransfer(wireRequest(`${server.origin}/echo`)));
ended('/redirect', await runTransfer(wireRequest(`${server.origin}/redirect?to=%2Fstatus`)));
ended('/slow', await runTransfer(wireRequest(`${server.origin}/slow?bytes=100&every=50`, { transport: { readTimeoutMs: 200 } })));
ended('/refused', await runTransfer(wireRequest(`http://127.0.0.1:${await freePort()}/`)));
const aborted = startTransfer(wireRequest(`${server.origin}/hang-body`));
await aborted.next('data');
aborted.handle.abort();
lines.push('/hang-body aborted');
await server.whenNoSockets();
await server.close();
console.log(lines.join('\n'));
