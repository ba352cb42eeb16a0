import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildUpstreamHeaders, isOfferedProtocol } from './upstream-headers.js';

const url = new URL('ws://example.test:8080/chat');

function built(options: Parameters<typeof buildUpstreamHeaders>[1], target = url) {
  const outcome = buildUpstreamHeaders(target, options);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome;
}

describe('buildUpstreamHeaders', () => {
  it('sends the device Origin: http://host, with the port only for supportOriginPort', () => {
    assert.equal(built({}).headers.origin, 'http://example.test');
    assert.equal(built({ supportOriginPort: true }).headers.origin, 'http://example.test:8080');
    // A default port is never written; wss still gets "http://" from lws.
    assert.equal(built({ supportOriginPort: true }, new URL('wss://example.test:443/')).headers.origin, 'http://example.test');
    assert.equal(built({}, new URL('ws://[::1]:9000/')).headers.origin, 'http://[::1]');
  });

  it('lower-cases names, sorts them as std::map does, and drops empty and non-string values', () => {
    const { headers } = built({ header: { 'X-B': '2', 'X-A': '1', Empty: '', Num: 3 as unknown as string } });
    assert.deepEqual(Object.keys(headers), ['pragma', 'cache-control', 'origin', 'x-a', 'x-b']);
  });

  it('refuses CR, LF, NUL and other controls instead of injecting them', () => {
    for (const value of ['a\r\nb', 'a\nb', 'a\rb', 'a\0b', 'a\x7fb']) {
      const outcome = buildUpstreamHeaders(url, { header: { 'x-evil': value } });
      assert.equal(outcome.ok, false, JSON.stringify(value));
    }
    assert.equal(buildUpstreamHeaders(url, { header: { 'bad name': 'v' } }).ok, false);
    assert.equal(buildUpstreamHeaders(url, { header: { 'bad:name': 'v' } }).ok, false);
    assert.equal(buildUpstreamHeaders(url, { protocol: 'a\r\nb' }).ok, false);
    assert.equal(built({ header: { 'x-tab': 'a\tb' } }).headers['x-tab'], 'a\tb');
  });

  it('drops reserved handshake names and says which', () => {
    const outcome = built({
      header: { Host: 'h', Upgrade: 'u', Connection: 'c', 'Sec-WebSocket-Key': 'k', 'Sec-WebSocket-Version': '8', 'Sec-WebSocket-Extensions': 'x' },
    });
    assert.deepEqual(outcome.dropped, ['connection', 'host', 'sec-websocket-extensions', 'sec-websocket-key', 'sec-websocket-version', 'upgrade']);
    assert.deepEqual(Object.keys(outcome.headers), ['pragma', 'cache-control', 'origin']);
  });

  it('lets the app replace the Origin', () => {
    assert.equal(built({ header: { Origin: 'https://app.example' } }).headers.origin, 'https://app.example');
  });

  it('sends protocol verbatim, merged with a Sec-WebSocket-Protocol header as HTTP merges list headers', () => {
    assert.equal(built({ protocol: 'a,b' }).headers['sec-websocket-protocol'], 'a,b');
    assert.equal(built({ protocol: '' }).headers['sec-websocket-protocol'], undefined);
    const merged = built({ protocol: 'a', header: { 'Sec-WebSocket-Protocol': 'b' } });
    assert.equal(merged.headers['sec-websocket-protocol'], 'a, b');
    assert.equal(merged.protocols, 'a, b');
  });

  it('writes the UTF-8 bytes of a non-ASCII value', () => {
    const value = built({ header: { 'x-name': '名字' } }).headers['x-name'] ?? '';
    assert.deepEqual(Buffer.from(value, 'latin1'), Buffer.from('名字', 'utf8'));
  });

  it('keeps a header named __proto__ as a header', () => {
    const { headers } = built({ header: JSON.parse('{"__proto__":"x"}') as Record<string, string> });
    assert.ok(Object.hasOwn(headers, '__proto__'));
  });
});

describe('isOfferedProtocol (lws client-ws.c)', () => {
  it('accepts exactly one of the offered entries, skipping spaces after commas', () => {
    assert.ok(isOfferedProtocol('chat, superchat', 'superchat'));
    assert.ok(isOfferedProtocol('chat,superchat', 'chat'));
    assert.ok(!isOfferedProtocol('chat, superchat', 'super'));
    assert.ok(!isOfferedProtocol('chat ,superchat', 'chat'));
    assert.ok(!isOfferedProtocol(undefined, 'chat'));
  });
});
