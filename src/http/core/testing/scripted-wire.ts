import type { HttpHeaderBlock, HttpTransfer, HttpTransferFacts, HttpWire, HttpWireEvents, HttpWireRequest } from '../http-wire.js';

/**
 * A wire for unit tests of the core's rules: it records each transfer the core starts
 * and lets the test play what a real wire would report (header blocks, chunks, an end or
 * a curl failure), in the order the test chooses. The real wires have their own suites.
 */
export class ScriptedWire {
  readonly transfers: ScriptedTransfer[] = [];
  #waiters: { index: number; resolve: (transfer: ScriptedTransfer) => void }[] = [];

  /** The wire to hand the core. */
  readonly wire: HttpWire = (request, events) => {
    const transfer = new ScriptedTransfer(request, events);
    this.transfers.push(transfer);
    const ready = this.#waiters.filter(({ index }) => index < this.transfers.length);
    this.#waiters = this.#waiters.filter((waiter) => !ready.includes(waiter));
    for (const { index, resolve } of ready) resolve(this.transfers[index]!);
    return transfer;
  };

  /** The transfer number `index` (0-based), once the core has started it. */
  transfer(index = 0): Promise<ScriptedTransfer> {
    const started = this.transfers[index];
    if (started !== undefined) return Promise.resolve(started);
    return new Promise((resolve) => this.#waiters.push({ index, resolve }));
  }
}

export class ScriptedTransfer implements HttpTransfer {
  aborted = false;

  constructor(
    readonly request: HttpWireRequest,
    readonly events: HttpWireEvents,
  ) {}

  abort(): void {
    this.aborted = true;
  }

  /** A header block: a status and its lines, names as a server sends them. */
  headers(status: number, lines: HttpHeaderBlock['lines'] = []): this {
    this.events.onHeaderBlock({ status, lines });
    return this;
  }

  data(chunk: Uint8Array | string): this {
    this.events.onData(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    return this;
  }

  end(facts: Partial<HttpTransferFacts> = {}): this {
    this.events.onEnd({ ...transferFacts(), ...facts });
    return this;
  }

  fail(curlCode: number, extendInfo?: Readonly<Record<string, string>>): this {
    this.events.onFail(curlCode, extendInfo);
    return this;
  }
}

/** What a wire reports for a plain 200 over a fresh HTTP/1.1 connection; tests override what they check. */
export function transferFacts(overrides: Partial<HttpTransferFacts> = {}): HttpTransferFacts {
  return {
    status: 200,
    redirectCount: 0,
    cookies: '',
    timing: { dns: 1, tcp: 2, tls: 0, firstSend: 3, firstReceive: 4, totalFinish: 5, redirect: 0 },
    connection: {
      protocol: 'HTTP/1.1',
      localAddress: '127.0.0.1',
      localPort: 50000,
      remoteAddress: '127.0.0.1',
      remotePort: 8080,
      reused: false,
      viaProxy: false,
    },
    ...overrides,
  };
}
