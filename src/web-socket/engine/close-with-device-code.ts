import WebSocket from 'ws';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { MAX_CLOSE_REASON_BYTES } from '../core/device-limits.js';

/** The close codes ws agrees to put on the wire (ws lib/validation.js isValidStatusCode). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

/** What the relay needs from ws' (private) Sender to write one close frame itself. */
interface SenderInternals {
  _state: number;
  constructor: { frame(data: Buffer, options: FrameOptions): Buffer[] };
  close(code: number | undefined, data: unknown, mask: boolean, cb?: (error?: Error) => void): void;
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}

/** Sender state in which a frame can go straight to the socket (ws lib/sender.js DEFAULT). */
const SENDER_IDLE = 0;

/**
 * Starts the closing handshake upstream with exactly the device's code and reason.
 *
 * The device hands any code from close() (1000–1015 after normalization, WS §4) to
 * lws_close_reason(), which writes it on the wire as it is, including 1004, 1005, 1006
 * and 1015 that RFC 6455 §7.4 says must not be sent (netstack websocket_exec.cpp,
 * LwsCallbackClientWritable). ws refuses those four, so for them the relay writes the
 * close frame itself: for the length of one ws.close() call, the socket's Sender
 * frames our payload instead of validating the code, and everything else (state,
 * close timer, waiting for the server's answer) stays ws' own. The server sees what a
 * device would send; a strict server answers with 1002, as it would to the device.
 *
 * This reaches into ws internals (pinned by close-with-device-code.test.ts). When they
 * are not as expected, the relay falls back to a close frame without a status, the
 * nearest legal frame, and says so through `onFallback`.
 */
export function closeWithDeviceCode(socket: WebSocket, code: number, reason: Buffer, onFallback: (why: string) => void): void {
  // WS §4: lws truncates the reason to 123 bytes; the page's leg already cannot carry more.
  const text = reason.subarray(0, MAX_CLOSE_REASON_BYTES);
  if (isSendableCloseCode(code)) {
    socket.close(code, text);
    return;
  }
  if (socket.readyState !== WebSocket.OPEN) {
    // Closing already (the server's close crossed the page's): nothing more goes out.
    socket.close();
    return;
  }
  const sender = (socket as unknown as { _sender?: Partial<SenderInternals> })._sender;
  const usable =
    sender !== undefined &&
    sender._state === SENDER_IDLE &&
    typeof sender.close === 'function' &&
    typeof sender.sendFrame === 'function' &&
    typeof sender.constructor?.frame === 'function';
  if (!usable) {
    onFallback(`cannot write close code ${code} through this version of ws; sent a close frame without a status`);
    socket.close();
    return;
  }
  const internals = sender as SenderInternals;
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  const original = internals.close;
  internals.close = function closeWithRawCode(_code, _data, mask, cb) {
    const frame = internals.constructor.frame(payload, { fin: true, opcode: 0x08, mask, readOnly: false, rsv1: false });
    this.sendFrame(frame, cb);
  };
  try {
    // The code given here only passes ws' own argument check; the Sender writes `payload`.
    socket.close(NORMAL_CLOSURE);
  } finally {
    internals.close = original;
  }
}
