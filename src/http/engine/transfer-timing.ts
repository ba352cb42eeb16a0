import type { HttpTransferFacts } from '../core/http-wire.js';

type Phase = 'dns' | 'tcp' | 'tls' | 'firstSend' | 'firstReceive';

/**
 * curl's phase times (HTTP §5 performanceTiming; CURLINFO_*_TIME): each is the time
 * from the start of a request to the end of that phase, and "when a redirect is
 * followed, the time from each request is added together"; a phase a request did not
 * have (no TLS, a reused connection's look-up and connect) adds nothing. `redirect` is
 * the time spent in every hop before the final one, `totalFinish` the whole transfer.
 */
export class TransferTiming {
  readonly #start = performance.now();
  #hopStart = this.#start;
  #hop: Partial<Record<Phase, number>> = {};
  readonly #sums: Record<Phase, number> = { dns: 0, tcp: 0, tls: 0, firstSend: 0, firstReceive: 0 };
  #redirect = 0;
  #hops = 0;

  /** A new request begins (the first, or a redirect's): what the previous hop measured is added up. */
  startHop(): void {
    this.#settleHop();
    const now = performance.now();
    if (this.#hops > 0) this.#redirect = now - this.#start;
    this.#hops += 1;
    this.#hopStart = now;
  }

  /** The end of a phase of the current request, once (a repeat keeps the first). */
  mark(phase: Phase, at = performance.now()): void {
    this.#hop[phase] ??= at - this.#hopStart;
  }

  /** `dns` as measured apart (the look-ups of the route planning), ms from the hop's start. */
  markDns(ms: number): void {
    this.#hop.dns ??= ms;
  }

  /** Elapsed ms since the transfer began. */
  elapsed(): number {
    return performance.now() - this.#start;
  }

  facts(): HttpTransferFacts['timing'] {
    this.#settleHop();
    const round = (ms: number): number => Math.round(ms * 1000) / 1000;
    return {
      dns: round(this.#sums.dns),
      tcp: round(this.#sums.tcp),
      tls: round(this.#sums.tls),
      firstSend: round(this.#sums.firstSend),
      firstReceive: round(this.#sums.firstReceive),
      totalFinish: round(this.elapsed()),
      redirect: round(this.#redirect),
    };
  }

  #settleHop(): void {
    for (const phase of Object.keys(this.#sums) as Phase[]) this.#sums[phase] += this.#hop[phase] ?? 0;
    this.#hop = {};
  }
}
