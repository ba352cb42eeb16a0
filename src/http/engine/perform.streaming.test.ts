import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { within } from '../../testing/within.js';
import { runTransfer, startTransfer, wireRequest } from './testing/run-transfer.js';

const TEXT = (size: number): string => 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(size / 45)).slice(0, size);

describe('the body: streamed, decoded, bounded (HTTP §5, §6, §7.1)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer();
  });
  after(() => server.close());

  it("delivers the body in curl's write pieces (at most 16 KiB), in order", async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/bytes?size=200000`));
    assert.equal(record.body.length, 200_000);
    assert.ok(record.body.equals(Buffer.from(Array.from({ length: 200_000 }, (_, index) => index % 256))));
    assert.ok(record.chunks.length >= Math.ceil(200_000 / 16384));
    assert.ok(record.chunks.every((chunk) => chunk.length <= 16384));
  });

  it('decodes gzip, deflate (with and without its zlib header), br, and stacked codings', async () => {
    for (const encoding of ['gzip', 'deflate', 'deflate-raw', 'br', 'gzip, br', 'identity']) {
      const record = await runTransfer(wireRequest(`${server.origin}/encoded?encoding=${encodeURIComponent(encoding)}&size=50000`));
      assert.equal(record.failed, undefined, encoding);
      assert.equal(record.body.toString(), TEXT(50_000), encoding);
    }
  });

  it('fails a body it cannot decode with curl 61: an unknown coding, or broken data', async () => {
    assert.equal((await runTransfer(wireRequest(`${server.origin}/encoded?encoding=compress&size=100`))).failed, CurlCode.BAD_CONTENT_ENCODING);
    assert.equal((await runTransfer(wireRequest(`${server.origin}/encoded?encoding=gzip&size=5000&corrupt`))).failed, CurlCode.BAD_CONTENT_ENCODING);
    // An unknown coding on an empty body is no error, as with curl.
    const empty = await runTransfer(wireRequest(`${server.origin}/headers?Content-Encoding=compress`, { method: 'HEAD' }));
    assert.equal(empty.failed, undefined);
  });

  it('lets a body of exactly maxLimit through, and stops a larger one with curl 23 after its header block', async () => {
    const exact = await runTransfer(wireRequest(`${server.origin}/bytes?size=1000`, { maxLimit: 1000 }));
    assert.equal(exact.failed, undefined);
    assert.equal(exact.body.length, 1000);
    const over = await runTransfer(wireRequest(`${server.origin}/bytes?size=1001`, { maxLimit: 1000 }));
    assert.equal(over.failed, CurlCode.WRITE_ERROR);
    assert.deepEqual(over.order.slice(0, 1), ['headers']);
    assert.equal(over.body.length, 0);
    assert.equal((await runTransfer(wireRequest(`${server.origin}/bytes?size=1`, { maxLimit: 0 }))).failed, CurlCode.WRITE_ERROR);
    assert.equal((await runTransfer(wireRequest(`${server.origin}/bytes?size=0`, { maxLimit: 0 }))).failed, undefined);
  });

  it('stops a large body as soon as it has passed maxLimit, not at its end', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/bytes?size=4000000`, { maxLimit: 100_000 }));
    assert.equal(record.failed, CurlCode.WRITE_ERROR);
    // HTTP §7.1: the body may pass the limit by its last piece, no more.
    assert.ok(record.body.length > 100_000 - 16384 && record.body.length <= 100_000 + 16384, String(record.body.length));
  });

  it("counts maxLimit on the decoded body, and 'stream' mode has no limit", async () => {
    assert.equal(
      (await runTransfer(wireRequest(`${server.origin}/encoded?encoding=gzip&size=5000`, { maxLimit: 4000 }))).failed,
      CurlCode.WRITE_ERROR,
    );
    const stream = await runTransfer(wireRequest(`${server.origin}/bytes?size=300000`, { mode: 'stream', maxLimit: 1000 }));
    assert.equal(stream.failed, undefined);
    assert.equal(stream.body.length, 300_000);
  });

  it('reports receive progress with a Content-Length (bytes as received), none without', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/bytes?size=100000`));
    assert.ok(record.received.length > 0);
    assert.deepEqual(record.received.at(-1), [100_000, 100_000]);
    assert.ok(record.received.every(([bytes, total], index) => total === 100_000 && bytes > (record.received[index - 1]?.[0] ?? 0)));
    const encoded = await runTransfer(wireRequest(`${server.origin}/encoded?encoding=gzip&size=50000`));
    const wireLength = Number(encoded.blocks[0]?.lines.find(([name]) => name.toLowerCase() === 'content-length')?.[1]);
    assert.ok(wireLength < 50_000);
    assert.deepEqual(encoded.received.at(-1), [wireLength, wireLength]);
    const chunked = await runTransfer(wireRequest(`${server.origin}/bytes?size=100000&chunked`));
    assert.equal(chunked.body.length, 100_000);
    assert.deepEqual(chunked.received, []);
  });

  it('reports send progress, cumulative, ending at the body size, before the response', async () => {
    const body = Buffer.alloc(1024 * 1024, 7);
    const record = await runTransfer(wireRequest(`${server.origin}/status?code=200`, { method: 'POST', body }));
    assert.equal(record.failed, undefined);
    assert.ok(record.sent.length >= 16, String(record.sent.length));
    assert.deepEqual(record.sent.at(-1), [body.length, body.length]);
    assert.ok(record.sent.every(([bytes, total], index) => total === body.length && bytes > (record.sent[index - 1]?.[0] ?? 0)));
    assert.ok(record.order.lastIndexOf('send') < record.order.indexOf('headers'));
    assert.equal(server.requests.at(-1)?.body.length, body.length);
  });

  it('keeps to the device order of events: send progress, header block, data and receive progress, end', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/bytes?size=10`, { method: 'POST', body: Buffer.from('x') }));
    assert.deepEqual(record.order, ['send', 'headers', 'data', 'receive', 'end']);
  });

  it('stops reading while paused, so the server is held back by TCP; everything arrives once resumed', async () => {
    const size = 64 * 1024 * 1024;
    let blocked = false;
    let written = 0;
    let drains = 0;
    const onBlocked = (bytes: number): void => {
      blocked = true;
      written = bytes;
    };
    const onDrained = (): void => {
      blocked = false;
      drains += 1;
    };
    server.on('flood-blocked', onBlocked);
    server.on('flood-drained', onDrained);
    try {
      const transfer = startTransfer(wireRequest(`${server.origin}/flood?size=${size}`, { mode: 'stream' }));
      await transfer.next('data');
      transfer.handle.pause();
      if (!blocked) await within(new Promise((resolve) => server.once('flood-blocked', resolve)), 10_000, 'the server to be held back');
      // Real time passes (two whole transfers on other connections), measured by events, not by a timer.
      const snapshot = (): string => JSON.stringify({ blocked, written, drains, received: transfer.record.body.length });
      await runTransfer(wireRequest(`${server.origin}/bytes?size=2000000`));
      const before = snapshot();
      await runTransfer(wireRequest(`${server.origin}/bytes?size=2000000`));
      assert.equal(snapshot(), before);
      assert.ok(blocked && written < size, before);
      transfer.handle.resume();
      const record = await transfer.done;
      assert.equal(record.failed, undefined);
      assert.equal(record.body.length, size);
    } finally {
      server.off('flood-blocked', onBlocked);
      server.off('flood-drained', onDrained);
    }
  });

  it('holds back a compressed body too while paused', async () => {
    const transfer = startTransfer(wireRequest(`${server.origin}/encoded?encoding=gzip&size=3000000`, { mode: 'stream' }));
    await transfer.next('data');
    transfer.handle.pause();
    await runTransfer(wireRequest(`${server.origin}/bytes?size=2000000`));
    const received = transfer.record.body.length;
    await runTransfer(wireRequest(`${server.origin}/bytes?size=2000000`));
    assert.equal(transfer.record.body.length, received);
    assert.ok(received < 3_000_000, String(received));
    transfer.handle.resume();
    const record = await transfer.done;
    assert.equal(record.body.toString(), TEXT(3_000_000));
  });
});
