import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAcceptReply, readConnectReply, readFilesReply, readListenReply } from './relay-replies.js';

const json = (value: unknown): string => JSON.stringify(value);

/** The reason a reader gives for `data`, or a failure when it takes the reply. */
function refusal(read: (data: unknown) => unknown, data: unknown): string {
  const reply = read(data);
  assert.equal(typeof reply, 'string', `took ${String(data)}`);
  return reply as string;
}

describe("the page's reading of the relay's replies", () => {
  it('takes every reply of a connect leg, as the relay sends it', () => {
    assert.deepEqual(readConnectReply(json({ op: 'accepted' })), { op: 'accepted' });
    assert.deepEqual(
      readConnectReply(json({ op: 'rejected', code: 2302002, message: 'Websocket certificate file does not exist', why: 'caPath: no' })),
      {
        op: 'rejected',
        code: 2302002,
        message: 'Websocket certificate file does not exist',
        why: 'caPath: no',
      },
    );
    const opened = { op: 'opened', status: 101, message: 'Switching Protocols', protocol: 'chat', headers: { upgrade: 'websocket' } };
    assert.deepEqual(readConnectReply(json(opened)), opened);
    // No protocol chosen: none in the reply, none read.
    assert.deepEqual(readConnectReply(json({ ...opened, protocol: undefined })), {
      op: 'opened',
      status: 101,
      message: 'Switching Protocols',
      headers: { upgrade: 'websocket' },
    });
    assert.deepEqual(readConnectReply(json({ op: 'failed', status: '403', why: 'server answered 403 instead of 101' })), {
      op: 'failed',
      status: '403',
      why: 'server answered 403 instead of 101',
    });
  });

  it('takes every reply of a listen, an accept and a files leg', () => {
    assert.deepEqual(readListenReply(json({ op: 'listening', server: 'a'.repeat(32), host: '::1', port: 8080 })), {
      op: 'listening',
      server: 'a'.repeat(32),
      host: '::1',
      port: 8080,
    });
    assert.deepEqual(readListenReply(json({ op: 'listen-failed', code: 2302007, message: 'Websocket port is occupied' })), {
      op: 'listen-failed',
      code: 2302007,
      message: 'Websocket port is occupied',
    });
    assert.deepEqual(readListenReply(json({ op: 'connection', client: '127.0.0.1:5000', clientIP: '127.0.0.1', clientPort: 5000 })), {
      op: 'connection',
      client: '127.0.0.1:5000',
      clientIP: '127.0.0.1',
      clientPort: 5000,
    });
    assert.deepEqual(readListenReply(json({ op: 'gone', client: '127.0.0.1:5000' })), { op: 'gone', client: '127.0.0.1:5000' });
    assert.deepEqual(readListenReply(json({ op: 'stopped' })), { op: 'stopped' });
    assert.deepEqual(readAcceptReply(json({ op: 'accepted' })), { op: 'accepted' });
    assert.deepEqual(readFilesReply(json({ op: 'files', missing: true })), { op: 'files', missing: true });
  });

  it('ignores fields it does not know, and a why that is not a string (relay-protocol.ts, Why)', () => {
    assert.deepEqual(readConnectReply(json({ op: 'accepted', later: 1 })), { op: 'accepted' });
    assert.deepEqual(readConnectReply(json({ op: 'failed', status: '0', why: 42 })), { op: 'failed', status: '0' });
    assert.deepEqual(readListenReply(json({ op: 'listen-failed', code: 2302999, message: 'm', why: null })), {
      op: 'listen-failed',
      code: 2302999,
      message: 'm',
    });
  });

  it('refuses what is not a reply at all: a binary frame, malformed JSON, no object, no op', () => {
    assert.equal(refusal(readConnectReply, new ArrayBuffer(2)), 'a binary frame where a reply was due');
    assert.equal(refusal(readConnectReply, '{"op":"accepted"'), 'the reply is not JSON');
    assert.equal(refusal(readConnectReply, ''), 'the reply is not JSON');
    for (const notAnObject of ['null', '[]', '"accepted"', '1']) assert.equal(refusal(readConnectReply, notAnObject), 'the reply is not an object');
    assert.equal(refusal(readConnectReply, json({ status: 101 })), 'the reply has no op');
    assert.equal(refusal(readConnectReply, json({ op: 1 })), 'the reply has no op');
  });

  it('refuses an op the leg does not expect, a known one of another leg included', () => {
    assert.match(refusal(readConnectReply, json({ op: 'teleport' })), /^unknown op "teleport"/);
    assert.match(refusal(readConnectReply, json({ op: 'listening', server: 's', host: 'h', port: 1 })), /^unknown op "listening"/);
    assert.match(refusal(readAcceptReply, json({ op: 'opened', status: 101, message: '', headers: {} })), /^unknown op "opened"/);
    assert.match(refusal(readFilesReply, json({ op: 'accepted' })), /^unknown op "accepted"/);
    assert.match(refusal(readListenReply, json({ op: 'files', missing: false })), /^unknown op "files"/);
    // Nothing inherited counts as a kind.
    assert.match(refusal(readConnectReply, json({ op: 'toString' })), /^unknown op "toString"/);
    assert.ok(refusal(readConnectReply, json({ op: 'x'.repeat(500) })).length < 60);
  });

  it('refuses a known reply whose fields are missing or of the wrong type', () => {
    const cases: Array<[(data: unknown) => unknown, unknown, RegExp]> = [
      [readConnectReply, { op: 'rejected', code: '2302002', message: 'm' }, /^rejected\.code/],
      [readConnectReply, { op: 'rejected', code: 2302002.5, message: 'm' }, /^rejected\.code/],
      [readConnectReply, { op: 'rejected', code: 2302002 }, /^rejected\.message/],
      [readConnectReply, { op: 'opened', status: '101', message: '', headers: {} }, /^opened\.status/],
      [readConnectReply, { op: 'opened', status: 101, message: null, headers: {} }, /^opened\.message/],
      [readConnectReply, { op: 'opened', status: 101, message: '', protocol: 1, headers: {} }, /^opened\.protocol/],
      [readConnectReply, { op: 'opened', status: 101, message: '' }, /^opened\.headers/],
      [readConnectReply, { op: 'opened', status: 101, message: '', headers: { a: ['b'] } }, /^opened\.headers/],
      [readConnectReply, { op: 'opened', status: 101, message: '', headers: ['a'] }, /^opened\.headers/],
      [readConnectReply, { op: 'failed', status: 0 }, /^failed\.status/],
      [readConnectReply, { op: 'failed', status: 'x' }, /^failed\.status/],
      [readConnectReply, { op: 'failed' }, /^failed\.status/],
      [readFilesReply, { op: 'files', missing: 'yes' }, /^files\.missing/],
      [readListenReply, { op: 'listening', server: '', host: '127.0.0.1', port: 1 }, /^listening\.server/],
      [readListenReply, { op: 'listening', server: 'a'.repeat(65), host: '127.0.0.1', port: 1 }, /^listening\.server/],
      [readListenReply, { op: 'listening', server: 's', host: 7, port: 1 }, /^listening\.host/],
      [readListenReply, { op: 'listening', server: 's', host: 'h', port: 65536 }, /^listening\.port/],
      [readListenReply, { op: 'listening', server: 's', host: 'h', port: '80' }, /^listening\.port/],
      [readListenReply, { op: 'listen-failed', code: null, message: 'm' }, /^listen-failed\.code/],
      [readListenReply, { op: 'listen-failed', code: 1, message: 2 }, /^listen-failed\.message/],
      [readListenReply, { op: 'connection', client: 5, clientIP: 'h', clientPort: 1 }, /^connection\.client /],
      [readListenReply, { op: 'connection', client: 'c', clientIP: {}, clientPort: 1 }, /^connection\.clientIP/],
      [readListenReply, { op: 'connection', client: 'c', clientIP: 'h', clientPort: -1 }, /^connection\.clientPort/],
      [readListenReply, { op: 'gone' }, /^gone\.client/],
    ];
    for (const [read, reply, expected] of cases) assert.match(refusal(read, json(reply)), expected, json(reply));
  });
});
