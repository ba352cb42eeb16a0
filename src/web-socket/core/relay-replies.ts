import { isRecord, quotedOp, readMessage } from '../../protocol/read-message.js';
import type {
  AcceptedReply,
  ConnectionNotice,
  ConnectReply,
  FailedReply,
  FilesReply,
  GoneNotice,
  ListenFailedReply,
  ListeningReply,
  ListenReply,
  OpenedReply,
  RejectedReply,
  StoppedReply,
} from './relay-messages.js';
import { MAX_ADDRESS_CHARS, MAX_ID_CHARS } from './relay-messages.js';

/**
 * The page's reading of the relay's replies (relay-messages.ts), as strict as the
 * relay's reading of the page's requests: one parser per kind of reply, and one per leg
 * that knows which kinds may come there. A reply is a text frame holding a JSON object
 * whose `op` the leg expects, with every field the kind needs, of its type; fields it
 * does not know are ignored (a newer relay may send more), and so is a `why` that is not
 * a string (relay-protocol.ts, Why). Anything else is the reason (a string) the page's
 * leg ends with, said on the console. Isomorphic; the page loads it with its relay
 * chunks only.
 */

type Fields = Readonly<Record<string, unknown>>;
/** A reply of one kind read from its fields, or what is wrong with them. */
type KindParser<Reply> = (fields: Fields) => Reply | string;

/** A reply on a connect leg (connect steps 3–4). */
export function readConnectReply(data: unknown): ConnectReply | string {
  return readReply<ConnectReply>(data, { accepted, rejected, opened, failed });
}

/** The reply on a files leg. */
export function readFilesReply(data: unknown): FilesReply | string {
  return readReply<FilesReply>(data, { files });
}

/** A reply on a listen leg (listen steps 3–5). */
export function readListenReply(data: unknown): ListenReply | string {
  return readReply<ListenReply>(data, { listening, 'listen-failed': listenFailed, connection, gone, stopped });
}

/** The reply on an accept leg (accept step 3). */
export function readAcceptReply(data: unknown): AcceptedReply | string {
  return readReply<AcceptedReply>(data, { accepted });
}

function readReply<Reply>(data: unknown, kinds: Readonly<Record<string, KindParser<Reply>>>): Reply | string {
  if (typeof data !== 'string') return 'a binary frame where a reply was due';
  const read = readMessage(data, 'reply');
  if (!read.ok) return read.reason;
  const parse = Object.hasOwn(kinds, read.op) ? kinds[read.op] : undefined;
  return parse === undefined ? `unknown op ${quotedOp(read.op)} here` : parse(read.message);
}

const accepted: KindParser<AcceptedReply> = () => ({ op: 'accepted' });

const stopped: KindParser<StoppedReply> = () => ({ op: 'stopped' });

const rejected: KindParser<RejectedReply> = (fields) => {
  if (!isInteger(fields.code)) return 'rejected.code is not an integer';
  if (typeof fields.message !== 'string') return 'rejected.message is not a string';
  return { op: 'rejected', code: fields.code, message: fields.message, ...whyOf(fields) };
};

const opened: KindParser<OpenedReply> = (fields) => {
  if (!isInteger(fields.status)) return 'opened.status is not an integer';
  if (typeof fields.message !== 'string') return 'opened.message is not a string';
  if (fields.protocol !== undefined && typeof fields.protocol !== 'string') return 'opened.protocol is not a string';
  const { headers } = fields;
  if (!isRecord(headers) || !Object.values(headers).every((value) => typeof value === 'string')) return 'opened.headers are not strings by name';
  return {
    op: 'opened',
    status: fields.status,
    message: fields.message,
    ...(fields.protocol === undefined ? {} : { protocol: fields.protocol }),
    headers: headers as Record<string, string>,
  };
};

const failed: KindParser<FailedReply> = (fields) => {
  if (typeof fields.status !== 'string' || !/^\d{1,3}$/.test(fields.status)) return 'failed.status is not an HTTP status in decimal';
  return { op: 'failed', status: fields.status, ...whyOf(fields) };
};

const files: KindParser<FilesReply> = (fields) => {
  if (typeof fields.missing !== 'boolean') return 'files.missing is not a boolean';
  return { op: 'files', missing: fields.missing };
};

const listening: KindParser<ListeningReply> = (fields) => {
  if (!isShortString(fields.server, MAX_ID_CHARS)) return 'listening.server is not a server id';
  if (!isShortString(fields.host, MAX_ADDRESS_CHARS)) return 'listening.host is not an address';
  if (!isPort(fields.port)) return 'listening.port is not a port';
  return { op: 'listening', server: fields.server, host: fields.host, port: fields.port };
};

const listenFailed: KindParser<ListenFailedReply> = (fields) => {
  if (!isInteger(fields.code)) return 'listen-failed.code is not an integer';
  if (typeof fields.message !== 'string') return 'listen-failed.message is not a string';
  return { op: 'listen-failed', code: fields.code, message: fields.message, ...whyOf(fields) };
};

const connection: KindParser<ConnectionNotice> = (fields) => {
  if (!isShortString(fields.client, MAX_ID_CHARS)) return 'connection.client is not a client id';
  if (!isShortString(fields.clientIP, MAX_ADDRESS_CHARS)) return 'connection.clientIP is not an address';
  if (!isPort(fields.clientPort)) return 'connection.clientPort is not a port';
  return { op: 'connection', client: fields.client, clientIP: fields.clientIP, clientPort: fields.clientPort };
};

const gone: KindParser<GoneNotice> = (fields) => {
  if (!isShortString(fields.client, MAX_ID_CHARS)) return 'gone.client is not a client id';
  return { op: 'gone', client: fields.client };
};

/** relay-protocol.ts, Why: optional, and a page ignores one that is not a string. */
function whyOf(fields: Fields): { why?: string } {
  return typeof fields.why === 'string' ? { why: fields.why } : {};
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

function isPort(value: unknown): value is number {
  return isInteger(value) && value >= 0 && value <= 65535;
}

function isShortString(value: unknown, maxChars: number): value is string {
  return typeof value === 'string' && value !== '' && value.length <= maxChars;
}
