import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legMaxPayload } from '../../relay/relay-leg.js';
import { resolveRelayOptions } from '../../relay/relay-options.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { MAX_SEND_BYTES } from '../core/device-limits.js';
import { resolveServerOptions } from './server-options.js';
import { WEB_SOCKET_RELAY_DEFAULTS, WebSocketRelayRoom } from './web-socket-room.js';

describe("webSocket's room in a relay", () => {
  const room = (): WebSocketRelayRoom =>
    new WebSocketRelayRoom(resolveRelayOptions({ logger: new CaptureLogger() }, WEB_SOCKET_RELAY_DEFAULTS), resolveServerOptions());

  it('registers connect, listen, accept and files; connect and accept pass frames', () => {
    assert.deepEqual(
      room().operations.map(({ op, passesFrames }) => [op, passesFrames]),
      [
        ['connect', true],
        ['listen', false],
        ['accept', true],
        ['files', false],
      ],
    );
  });

  it("holds the page's messages on each of its legs to the device's send limit, with room for a frame at exactly the limit", () => {
    for (const { op, pageMessageLimit } of room().operations) assert.equal(pageMessageLimit, MAX_SEND_BYTES + 1024, op);
    assert.equal(legMaxPayload(room().operations), 5 * 1024 * 1024 - 16 + 1024);
  });

  it('shows where the app’s servers bind, in the words of --help', () => {
    assert.deepEqual(room().describe(), ["app servers: on loopback, on the app's own ports"]);
  });
});
