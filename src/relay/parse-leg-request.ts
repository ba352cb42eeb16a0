import { MAX_CONTROL_MESSAGE_BYTES } from '../protocol/relay-protocol.js';

export type ParsedLegRequest =
  | { readonly ok: true; readonly op: string; readonly message: Readonly<Record<string, unknown>> }
  /** `reason` goes into the 1008 close frame: short, ASCII, ≤ 123 bytes. */
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the page's first message on a leg (relay-protocol.ts step 2): a text frame of
 * at most MAX_CONTROL_MESSAGE_BYTES holding a JSON object with a string `op`. Anything
 * else is a protocol violation by the page: the leg closes with 1008.
 */
export function parseLegRequest(data: Buffer, isBinary: boolean): ParsedLegRequest {
  if (isBinary) return fail('the request must be a text frame');
  if (data.length > MAX_CONTROL_MESSAGE_BYTES) return fail(`the request exceeds ${MAX_CONTROL_MESSAGE_BYTES} bytes`);
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return fail('the request is not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return fail('the request is not an object');
  const { op } = message as Record<string, unknown>;
  if (typeof op !== 'string') return fail('the request has no op');
  return { ok: true, op, message: message as Record<string, unknown> };
}

function fail(reason: string): ParsedLegRequest {
  return { ok: false, reason };
}
