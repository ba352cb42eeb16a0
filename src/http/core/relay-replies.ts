import { isRecord, quotedOp, readMessage } from '../../protocol/read-message.js';
import type { HttpTransferFacts } from './http-wire.js';
import type { EndReply, FailedReply, HeadersReply, HttpRelayReply, ReceiveReply, SendReply } from './relay-messages.js';

/**
 * The page's reading of the relay's replies on an `http` leg (relay-messages.ts step 5),
 * as strict as the relay's reading of the page's request: one parser per kind. A reply
 * is a text frame holding a JSON object whose `op` is one of the five, with every field
 * the kind needs, of its type; fields it does not know are ignored (a newer relay may
 * send more), and so is a `why` that is not a string. Anything else is the reason (a
 * string) the transfer ends with (relay-wire.ts). Isomorphic; only the relay wire, which
 * the page loads lazily, uses it.
 */

type Fields = Readonly<Record<string, unknown>>;
type KindParser<Reply> = (fields: Fields) => Reply | string;

export function readHttpReply(data: string): HttpRelayReply | string {
  const read = readMessage(data, 'reply');
  if (!read.ok) return read.reason;
  const parse = Object.hasOwn(KINDS, read.op) ? KINDS[read.op] : undefined;
  return parse === undefined ? `unknown op ${quotedOp(read.op)} here` : parse(read.message);
}

const send: KindParser<SendReply> = (fields) =>
  isCount(fields.sent) && isCount(fields.total) && fields.sent <= fields.total
    ? { op: 'send', sent: fields.sent, total: fields.total }
    : 'send.sent and send.total are not a count of a total';

const receive: KindParser<ReceiveReply> = (fields) =>
  isCount(fields.received) && isCount(fields.total)
    ? { op: 'receive', received: fields.received, total: fields.total }
    : 'receive.received and receive.total are not counts';

const headers: KindParser<HeadersReply> = (fields) => {
  if (!isInteger(fields.status) || fields.status < 0 || fields.status > 999) return 'headers.status is not a status';
  const { lines } = fields;
  if (!Array.isArray(lines) || !lines.every(isPair)) return 'headers.lines are not names and values';
  return { op: 'headers', status: fields.status, lines: lines as Array<readonly [string, string]> };
};

const end: KindParser<EndReply> = (fields) => {
  const facts = readFacts(fields.facts);
  return typeof facts === 'string' ? `end.facts.${facts}` : { op: 'end', facts };
};

const failed: KindParser<FailedReply> = (fields) => {
  if (!isInteger(fields.code) || fields.code <= 0) return 'failed.code is not a curl code';
  const { extendInfo } = fields;
  if (extendInfo !== undefined && !(isRecord(extendInfo) && Object.values(extendInfo).every((value) => typeof value === 'string'))) {
    return 'failed.extendInfo is not strings by name';
  }
  return {
    op: 'failed',
    code: fields.code,
    ...(extendInfo === undefined ? {} : { extendInfo: extendInfo as Record<string, string> }),
    ...(typeof fields.why === 'string' ? { why: fields.why } : {}),
  };
};

const KINDS: Readonly<Record<string, KindParser<HttpRelayReply>>> = { send, receive, headers, end, failed };

const TIMING_FIELDS = ['dns', 'tcp', 'tls', 'firstSend', 'firstReceive', 'totalFinish', 'redirect'] as const;

function readFacts(value: unknown): HttpTransferFacts | string {
  if (!isRecord(value)) return 'not an object';
  if (!isInteger(value.status) || !isCount(value.redirectCount) || typeof value.cookies !== 'string') return 'status';
  const { timing, connection } = value;
  if (!isRecord(timing) || !TIMING_FIELDS.every((name) => isFiniteNumber(timing[name]))) return 'timing';
  if (!isRecord(connection)) return 'connection';
  const c = connection;
  if (typeof c.protocol !== 'string' || typeof c.localAddress !== 'string' || typeof c.remoteAddress !== 'string') return 'connection';
  if (!isInteger(c.localPort) || !isInteger(c.remotePort) || typeof c.reused !== 'boolean' || typeof c.viaProxy !== 'boolean') return 'connection';
  if (c.tlsVersion !== undefined && !isInteger(c.tlsVersion)) return 'connection.tlsVersion';
  if (c.cipherSuite !== undefined && typeof c.cipherSuite !== 'string') return 'connection.cipherSuite';
  return {
    status: value.status,
    redirectCount: value.redirectCount,
    cookies: value.cookies,
    timing: Object.fromEntries(TIMING_FIELDS.map((name) => [name, timing[name]])) as unknown as HttpTransferFacts['timing'],
    connection: {
      protocol: c.protocol,
      ...(c.tlsVersion === undefined ? {} : { tlsVersion: c.tlsVersion }),
      ...(c.cipherSuite === undefined ? {} : { cipherSuite: c.cipherSuite }),
      localAddress: c.localAddress,
      localPort: c.localPort,
      remoteAddress: c.remoteAddress,
      remotePort: c.remotePort,
      reused: c.reused,
      viaProxy: c.viaProxy,
    },
  };
}

function isPair(value: unknown): value is readonly [string, string] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
