import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureReportedErrors } from '../../core/testing/capture-reported-errors.js';
import { createClient, recordEvents, startMockServer } from '../browser/testing/mock-network.js';

test('open is called (undefined, {status: 101, message: "Switching Protocols"})', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  const open = await events.next('open');
  assert.deepEqual(open, ['open', undefined, { status: 101, message: 'Switching Protocols' }]);
});

test('openInfo follows open and has no protocol when none was negotiated', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  const info = await events.next('openInfo');
  assert.deepEqual(info, ['openInfo', undefined, { status: 101, message: 'Switching Protocols' }]);
  assert.ok(!('protocol' in (info[2] as object)));
  assert.deepEqual(events.names(), ['open', 'openInfo']);
});

test('a comma-separated protocol offers several subprotocols; the negotiated one is in openInfo', async (t) => {
  let offered: string[] = [];
  const { url } = startMockServer(t, {
    selectProtocol: (protocols: string[]) => {
      offered = protocols;
      return protocols[1] ?? '';
    },
  });
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url, { protocol: 'chat.v1, chat.v2' });
  const info = await events.next('openInfo');
  assert.deepEqual(offered, ['chat.v1', 'chat.v2']);
  assert.deepEqual(info[2], { status: 101, message: 'Switching Protocols', protocol: 'chat.v2' });
});

test('text arrives as a string and binary as an ArrayBuffer, each followed by dataEnd(undefined)', async (t) => {
  const { url, server } = startMockServer(t);
  server.on('connection', (socket) => {
    socket.send('hello');
    socket.send(new Uint8Array([1, 2, 3]).buffer);
  });
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('message');
  await events.next('message');
  await events.next('dataEnd');
  await events.next('dataEnd');
  const [text, end1, binary, end2] = events.events.slice(2);
  assert.deepEqual(text, ['message', undefined, 'hello']);
  assert.deepEqual(end1, ['dataEnd', undefined]);
  assert.equal(end1?.length, 2);
  assert.equal(binary?.[0], 'message');
  assert.ok(binary?.[2] instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(binary?.[2] as ArrayBuffer)], [1, 2, 3]);
  assert.deepEqual(end2, ['dataEnd', undefined]);
});

test('an empty binary message arrives as undefined; an empty text message as ""', async (t) => {
  const { url, server } = startMockServer(t);
  server.on('connection', (socket) => {
    socket.send(new ArrayBuffer(0));
    socket.send('');
  });
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  const binary = await events.next('message');
  const text = await events.next('message');
  assert.deepEqual(binary, ['message', undefined, undefined]);
  assert.equal(binary.length, 3);
  assert.deepEqual(text, ['message', undefined, '']);
});

test('no message listener, no dataEnd either', async (t) => {
  const { url, server } = startMockServer(t);
  server.on('connection', (socket) => {
    socket.send('one');
    socket.close({ code: 4000, reason: 'done', wasClean: true });
  });
  const ws = createClient();
  const events = recordEvents(ws, ['open', 'dataEnd', 'close']);
  ws.connect(url);
  await events.next('close');
  assert.deepEqual(events.names(), ['open', 'close']);
});

test('on() replaces the previous listener of the same event', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const calls: string[] = [];
  ws.on('open', () => calls.push('first'));
  const opened = new Promise<void>((resolve) =>
    ws.on('open', () => {
      calls.push('second');
      resolve();
    }),
  );
  ws.connect(url);
  await opened;
  assert.deepEqual(calls, ['second']);
});

test('off(type, fn) removes only that listener; off(type) removes whichever is there', async (t) => {
  const { url, server } = startMockServer(t);
  server.on('connection', (socket) => {
    socket.send('m');
    socket.close({ code: 4000, reason: 'x', wasClean: true });
  });
  const ws = createClient();
  const calls: string[] = [];
  const onOpen = () => calls.push('open');
  ws.on('open', onOpen);
  ws.off('open', () => {}); // not the registered function: stays
  const onMessage = () => calls.push('message');
  ws.on('message', onMessage);
  ws.off('message', onMessage); // the registered function: removed
  ws.on('openInfo', () => calls.push('openInfo'));
  ws.off('openInfo'); // any: removed
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  ws.connect(url);
  await closed;
  assert.deepEqual(calls, ['open']);
});

test('unknown event names are ignored by on and off', () => {
  const ws = createClient();
  assert.doesNotThrow(() => ws.on('onMessage', () => {}));
  assert.doesNotThrow(() => ws.off('onMessage'));
});

test('bad on/off arguments throw synchronously: Error "Parameter error" with code "401"', () => {
  const ws = createClient();
  const on = ws.on.bind(ws) as (...args: unknown[]) => void;
  const off = ws.off.bind(ws) as (...args: unknown[]) => void;
  const isParameterError = (error: unknown) =>
    error instanceof Error && error.message === 'Parameter error' && (error as { code?: unknown }).code === '401';
  assert.throws(() => on('open'), isParameterError);
  assert.throws(() => on('open', 'x'), isParameterError);
  assert.throws(() => on(1, () => {}), isParameterError);
  assert.throws(() => on('open', () => {}, 3), isParameterError);
  assert.throws(() => off(), isParameterError);
  assert.throws(() => off('open', 1), isParameterError);
  assert.throws(() => off('open', undefined), isParameterError);
  assert.throws(() => off('open', () => {}, 3), isParameterError);
  assert.equal(
    on('open', () => {}),
    undefined,
  );
  assert.equal(off('open'), undefined);
});

test('a listener that throws never stops later events', async (t) => {
  const reported = captureReportedErrors(t);
  const { url, server } = startMockServer(t);
  server.on('connection', (socket) => {
    socket.send('a');
    socket.send('b');
  });
  const ws = createClient();
  const seen: unknown[] = [];
  ws.on('open', () => {
    throw new Error('open handler bug');
  });
  const two = new Promise<void>((resolve) =>
    ws.on('message', (_err: unknown, value: unknown) => {
      seen.push(value);
      if (seen.length === 2) resolve();
      throw new Error('message handler bug');
    }),
  );
  ws.connect(url);
  await two;
  assert.deepEqual(seen, ['a', 'b']);
  assert.equal(reported.length, 3);
});

test('a headerReceive listener gets what direct mode can know, before open', async (t) => {
  const { url } = startMockServer(t, { selectProtocol: () => 'p1' });
  const ws = createClient();
  const events = recordEvents(ws, ['headerReceive', 'open']);
  ws.connect(url, { protocol: 'p1' });
  await events.next('open');
  assert.deepEqual(events.events[0], ['headerReceive', { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-protocol': 'p1' }]);
  assert.equal(events.events[0]?.length, 2);
});
