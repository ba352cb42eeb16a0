import type { HttpHeaderBlock, HttpTransferFacts, HttpWireEvents, HttpWireRequest } from '../http-wire.js';
import { within } from '../../../testing/within.js';

/** Everything a transfer reported, in order. */
export interface TransferRecord<Body> {
  /** Event names in the order they came. */
  readonly order: string[];
  readonly blocks: HttpHeaderBlock[];
  readonly sent: Array<readonly [number, number]>;
  readonly received: Array<readonly [number, number]>;
  /** Body bytes taken; the bytes themselves are in `chunks` only while the recorder keeps them. */
  bytes: number;
  readonly chunks: Uint8Array[];
  facts?: HttpTransferFacts;
  failed?: number;
  extendInfo?: Readonly<Record<string, string>>;
  /** The body, all kept chunks together. */
  readonly body: Body;
}

export interface RunningTransfer<Handle, Body> {
  readonly handle: Handle;
  readonly record: TransferRecord<Body>;
  /** Resolves at onEnd or onFail (bounded). */
  readonly done: Promise<TransferRecord<Body>>;
  /** Resolves at the next event of this name (bounded). */
  next(name: string): Promise<void>;
}

export interface RecordTransferOptions<Body> {
  /** false: counts body bytes without keeping them (a long stream). Default true. */
  readonly keep?: boolean;
  /** The bound on `done` and on each `next`. Default 20 s. */
  readonly ms?: number;
  /** Makes the record's `body` of the kept chunks: a Node test joins them into a Buffer, for its toString and equals. */
  readonly join: (chunks: readonly Uint8Array[]) => Body;
}

/**
 * Starts a transfer on any wire (`start` hands it the events: the relay's, the engine's)
 * and records what it reports, so that the wires' tests read their transfers alike.
 */
export function recordTransfer<Handle, Body>(
  request: HttpWireRequest,
  start: (events: HttpWireEvents) => Handle,
  options: RecordTransferOptions<Body>,
): RunningTransfer<Handle, Body> {
  const keep = options.keep ?? true;
  const ms = options.ms ?? 20_000;
  const waiters = new Map<string, Array<() => void>>();
  const chunks: Uint8Array[] = [];
  const record: TransferRecord<Body> = {
    order: [],
    blocks: [],
    sent: [],
    received: [],
    bytes: 0,
    chunks,
    get body() {
      return options.join(chunks);
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
  const handle = start({
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
      // A copy: a wire may reuse the memory of a chunk it has handed over.
      if (keep) chunks.push(new Uint8Array(chunk));
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
  let done: Promise<TransferRecord<Body>> | undefined;
  return {
    handle,
    record,
    // Made when asked for: a transfer a test aborts never ends, and must not time out unobserved.
    get done() {
      done ??= within(ended, ms, `the end of ${request.method} ${request.url}`).then(() => record);
      return done;
    },
    next: (name) => within(new Promise<void>((resolve) => waiters.set(name, [...(waiters.get(name) ?? []), resolve])), ms, `'${name}'`),
  };
}
