import type WebSocket from 'ws';
import { within } from './within.js';

/**
 * Resolves once a ws client's handshake has failed because the server hung up on it
 * without an answer, as the device refuses a handshake (WS §6.2); rejects when the
 * client opens (it got its 101) or gets an HTTP answer instead, and after `ms`.
 */
export function hungUpWithout101(client: WebSocket, ms = 5000): Promise<void> {
  return within(
    new Promise<void>((resolve, reject) => {
      client.once('open', () => reject(new Error('the client got a 101 and opened')));
      client.once('unexpected-response', () => reject(new Error('the client got an HTTP answer instead of a hang-up')));
      client.once('error', () => resolve());
    }),
    ms,
    'the client to be hung up on',
  );
}
