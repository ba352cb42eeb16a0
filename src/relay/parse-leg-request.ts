import { readMessage, type ReadMessage } from '../protocol/read-message.js';
import { MAX_REQUEST_BYTES } from '../protocol/relay-protocol.js';

/**
 * Reads the page's first message on a leg (relay-protocol.ts step 2): a text frame of
 * at most MAX_REQUEST_BYTES holding a JSON object with a string `op`. Anything else is a
 * protocol violation by the page: the leg closes with 1008, `reason` in its close frame.
 */
export function parseLegRequest(data: Buffer, isBinary: boolean): ReadMessage {
  if (isBinary) return { ok: false, reason: 'the request must be a text frame' };
  if (data.length > MAX_REQUEST_BYTES) return { ok: false, reason: `the request exceeds ${MAX_REQUEST_BYTES} bytes` };
  return readMessage(data.toString('utf8'), 'request');
}
