import type { HttpHeaderBlock, HttpTransferFacts, HttpWireRequest } from '../../core/http-wire.js';
import { OutboundGuard } from '../../../net/outbound-policy.js';
import { within } from '../../../testing/within.js';
import { CookieJars } from '../cookie-jars.js';
import type { HttpEngineContext, HttpEngineTransfer } from '../engine-context.js';
import { perform } from '../perform.js';

export { transportOptions, wireRequest } from '../../core/testing/wire-request.js';

/** A context that may reach loopback only (the tests' servers), with a log the tests can read. */
export function testContext(overrides: Partial<HttpEngineContext> = {}): HttpEngineContext & { readonly logged: string[] } {
  const logged: string[] = [];
  return {
    files: undefined,
    guard: new OutboundGuard({ allowLoopbackOnly: true }, () => []),
    env: {},
    allowLoopbackOnly: true,
    cookieJars: new CookieJars(),
    log: (level, message) => logged.push(`${level}: ${message}`),
    ...overrides,
    logged,
  };
}

/** Everything a transfer reported, in order. */
export interface TransferRecord {
  /** Event names in the order they came. */
  readonly order: string[];
  readonly blocks: HttpHeaderBlock[];
  readonly chunks: Buffer[];
  readonly sent: Array<readonly [number, number]>;
  readonly received: Array<readonly [number, number]>;
  facts?: HttpTransferFacts;
  failed?: number;
  /** The body, all chunks together. */
  readonly body: Buffer;
}

export interface RunningTransfer {
  readonly handle: HttpEngineTransfer;
  readonly record: TransferRecord;
  /** Resolves at onEnd or onFail (bounded). */
  readonly done: Promise<TransferRecord>;
  /** Resolves at the next event of this name. */
  next(name: string): Promise<void>;
}

export function startTransfer(request: HttpWireRequest, context: HttpEngineContext = testContext(), ms = 20_000): RunningTransfer {
  const order: string[] = [];
  const blocks: HttpHeaderBlock[] = [];
  const chunks: Buffer[] = [];
  const sent: Array<readonly [number, number]> = [];
  const received: Array<readonly [number, number]> = [];
  const waiters = new Map<string, Array<() => void>>();
  const record = {
    order,
    blocks,
    chunks,
    sent,
    received,
    get body() {
      return Buffer.concat(chunks);
    },
  } as TransferRecord;
  let finish!: () => void;
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const saw = (name: string): void => {
    order.push(name);
    for (const wake of waiters.get(name)?.splice(0) ?? []) wake();
  };
  const handle = perform(request, context, {
    onSendProgress(bytes, total) {
      sent.push([bytes, total]);
      saw('send');
    },
    onHeaderBlock(block) {
      blocks.push(block);
      saw('headers');
    },
    onData(chunk) {
      chunks.push(Buffer.from(chunk));
      saw('data');
    },
    onReceiveProgress(bytes, total) {
      received.push([bytes, total]);
      saw('receive');
    },
    onEnd(facts) {
      record.facts = facts;
      saw('end');
      finish();
    },
    onFail(code) {
      record.failed = code;
      saw('fail');
      finish();
    },
  });
  let done: Promise<TransferRecord> | undefined;
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

/** Runs one transfer to its end. */
export function runTransfer(request: HttpWireRequest, context?: HttpEngineContext): Promise<TransferRecord> {
  return startTransfer(request, context).done;
}
