import WebSocket from 'ws';
import type { HttpHeaderBlock, HttpTransfer, HttpTransferFacts, HttpTransportOptions, HttpWire, HttpWireRequest } from '../../core/http-wire.js';
import { wireRequest } from '../../core/testing/wire-request.js';
import { within } from '../../../testing/within.js';
import type { LegSocketConstructor } from '../open-relay-leg.js';
import { IdleLegs } from '../idle-legs.js';
import { createRelayWire } from '../relay-wire.js';

/** Node 20 has no global WebSocket: ws' client stands in for the page's (its events are the WHATWG ones). */
export const NodeLegSocket = WebSocket as unknown as LegSocketConstructor;

/**
 * A relay wire as a page with `session` would have it, legs opened with `Socket` (ws by
 * default). Unless a test hands it idle legs to keep (relay-messages.ts step 8), it
 * keeps none: each transfer's leg closes when it ends, so a test sees only its own.
 */
export function relayWireFor(
  relay: { readonly url: string; readonly token: string },
  session: string,
  Socket = NodeLegSocket,
  idleLegs = new IdleLegs(0),
): HttpWire {
  return createRelayWire({ relay: () => relay, Socket: () => Socket, session }, idleLegs);
}

/**
 * A transfer as the core hands it to a wire, with the device's defaults (HTTP §3), for
 * tests to change; the relay's upstream connections close with each transfer unless a
 * test asks for reuse (HTTP §3 reuseConnections).
 */
export function relayRequest(
  url: string,
  overrides: Partial<Omit<HttpWireRequest, 'transport'>> & { transport?: Partial<HttpTransportOptions> } = {},
): HttpWireRequest {
  return wireRequest(url, { ...overrides, transport: { reuseConnections: false, ...overrides.transport } });
}

/** Everything a transfer reported, in order. */
export interface RelayTransferRecord {
  readonly order: string[];
  readonly blocks: HttpHeaderBlock[];
  readonly sent: Array<readonly [number, number]>;
  readonly received: Array<readonly [number, number]>;
  /** Body bytes taken; the bytes themselves only while `keep` is true. */
  bytes: number;
  readonly chunks: Uint8Array[];
  facts?: HttpTransferFacts;
  failed?: number;
  extendInfo?: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface RunningRelayTransfer {
  readonly handle: HttpTransfer;
  readonly record: RelayTransferRecord;
  /** Resolves at onEnd or onFail (bounded). */
  readonly done: Promise<RelayTransferRecord>;
  /** Resolves at the next event of this name (bounded). */
  next(name: string): Promise<void>;
}

/** Starts a transfer on `wire`; `keep: false` counts body bytes without keeping them (a long stream). */
export function startRelayTransfer(wire: HttpWire, request: HttpWireRequest, options: { keep?: boolean; ms?: number } = {}): RunningRelayTransfer {
  const keep = options.keep ?? true;
  const ms = options.ms ?? 20_000;
  const waiters = new Map<string, Array<() => void>>();
  const chunks: Uint8Array[] = [];
  const record: RelayTransferRecord = {
    order: [],
    blocks: [],
    sent: [],
    received: [],
    bytes: 0,
    chunks,
    get body() {
      return Buffer.concat(chunks);
    },
  };
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const saw = (name: string): void => {
    record.order.push(name);
    for (const wake of waiters.get(name)?.splice(0) ?? []) wake();
  };
  const handle = wire(request, {
    onSendProgress(sent, total) {
      record.sent.push([sent, total]);
      saw('send');
    },
    onHeaderBlock(block) {
      record.blocks.push(block);
      saw('headers');
    },
    onData(chunk) {
      record.bytes += chunk.length;
      if (keep) chunks.push(chunk.slice());
      saw('data');
    },
    onReceiveProgress(received, total) {
      record.received.push([received, total]);
      saw('receive');
    },
    onEnd(facts) {
      record.facts = facts;
      saw('end');
      finish();
    },
    onFail(code, extendInfo) {
      record.failed = code;
      if (extendInfo !== undefined) record.extendInfo = extendInfo;
      saw('fail');
      finish();
    },
  });
  let done: Promise<RelayTransferRecord> | undefined;
  return {
    handle,
    record,
    get done() {
      done ??= within(ended, ms, `the end of ${request.method} ${request.url}`).then(() => record);
      return done;
    },
    next: (name) => within(new Promise<void>((resolve) => waiters.set(name, [...(waiters.get(name) ?? []), resolve])), ms, `'${name}'`),
  };
}

/** Runs one transfer to its end. */
export function runRelayTransfer(wire: HttpWire, request: HttpWireRequest): Promise<RelayTransferRecord> {
  return startRelayTransfer(wire, request).done;
}
