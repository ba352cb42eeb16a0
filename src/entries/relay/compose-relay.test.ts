import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { HANDSHAKE_TIMEOUT_MS } from '../../web-socket/core/device-limits.js';
import { createRelay, relaySettings, startRelay } from './compose-relay.js';

describe('the relay as ohos-netkit/relay composes it (webSocket)', () => {
  it("checks webSocket's options with the relay's own: a bad one throws, or rejects, before anything starts", async () => {
    const logger = new CaptureLogger();
    assert.throws(() => createRelay({ logger, servers: { maxPerPage: 0 } }), { code: 'RELAY_ERR_BAD_OPTIONS', message: /servers\.maxPerPage/ });
    await assert.rejects(startRelay({ logger, servers: { max: 1.5 } }), { code: 'RELAY_ERR_BAD_OPTIONS', message: /servers\.max/ });
    assert.deepEqual(logger.lines, []);
  });

  it("gives a connection through the relay the device's time to open, by default", () => {
    const logger = new CaptureLogger();
    assert.equal(relaySettings({ logger }).handshakeTimeoutMs, HANDSHAKE_TIMEOUT_MS);
    assert.equal(relaySettings({ logger, handshakeTimeoutMs: 1500 }).handshakeTimeoutMs, 1500);
  });

  it("shows webSocket's fields beside the relay's own", async () => {
    const relay = await startRelay({ logger: new CaptureLogger() });
    try {
      assert.deepEqual(relay.servers, []);
      assert.equal(typeof relay.whenListening, 'function');
      assert.deepEqual(relay.connections, []);
      assert.match(relay.url, /^ws:\/\/127\.0\.0\.1:\d+\/ohos-netkit-relay$/);
    } finally {
      await relay.close();
    }
  });
});
