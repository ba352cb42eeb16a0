import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relayEndpoint } from './relay-endpoint.js';

test("the dev server's own address and port, with the relay's path; wss when the dev server is https", () => {
  assert.equal(relayEndpoint({ address: '127.0.0.1', port: 5173 }, '/ohos-netkit-relay', false), 'ws://127.0.0.1:5173/ohos-netkit-relay');
  assert.equal(relayEndpoint({ address: '127.0.0.1', port: 5173 }, '/r', true), 'wss://127.0.0.1:5173/r');
});

test('an IPv6 address in brackets; a server on every interface is named by localhost (the relay answers loopback names only)', () => {
  assert.equal(relayEndpoint({ address: '::1', port: 5173 }, '/r', false), 'ws://[::1]:5173/r');
  assert.equal(relayEndpoint({ address: '::', port: 5173 }, '/r', false), 'ws://localhost:5173/r');
  assert.equal(relayEndpoint({ address: '0.0.0.0', port: 5173 }, '/r', false), 'ws://localhost:5173/r');
});
