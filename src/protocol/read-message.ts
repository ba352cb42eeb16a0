/**
 * Reading a message of the relay protocol (relay-protocol.ts): a request as the relay
 * reads it, a reply as the page reads it. Both sides read the envelope the same way, and
 * an operation's fields with the same notion of an object; what the fields must be is
 * the operation's (its namespace's parsers).
 */

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ReadMessage =
  | { readonly ok: true; readonly op: string; readonly message: Readonly<Record<string, unknown>> }
  /** `reason` says what is wrong: short, ASCII (it may go into a close frame, at most 123 bytes). */
  | { readonly ok: false; readonly reason: string };

/**
 * The envelope of every message: JSON text holding an object whose string `op` names
 * it. `kind` names the message in the reason ("the request is not JSON").
 */
export function readMessage(text: string, kind: 'request' | 'reply'): ReadMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, reason: `the ${kind} is not JSON` };
  }
  if (!isRecord(message)) return { ok: false, reason: `the ${kind} is not an object` };
  if (typeof message.op !== 'string') return { ok: false, reason: `the ${kind} has no op` };
  return { ok: true, op: message.op, message };
}

/** An op as a reason may quote it: JSON, cut short. */
export function quotedOp(op: string): string {
  return JSON.stringify(op).slice(0, 40);
}
