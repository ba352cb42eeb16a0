import { IDLE_LEG_PAGE_MS, MAX_IDLE_LEGS } from '../core/relay-messages.js';

interface IdleLeg {
  readonly leg: WebSocket;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly onGone: () => void;
}

/**
 * The page's idle `http` legs (relay-messages.ts step 8), by relay (its URL and token):
 * a transfer that ended leaves its leg here, and the next transfer to that relay takes
 * it instead of opening a WebSocket. At most `max` per relay (a leg past that closes),
 * each closed after `idleMs`, and all closed when the page is hidden or unloads. Its
 * timers never keep a Node process (a test) alive.
 */
export class IdleLegs {
  readonly #legs = new Map<string, IdleLeg[]>();
  readonly #max: number;
  readonly #idleMs: number;
  #watchingPage = false;

  constructor(max = MAX_IDLE_LEGS, idleMs = IDLE_LEG_PAGE_MS) {
    this.#max = max;
    this.#idleMs = idleMs;
  }

  /** Idle legs kept now, for every relay. */
  get size(): number {
    let count = 0;
    for (const legs of this.#legs.values()) count += legs.length;
    return count;
  }

  /** The idle leg of `relay` used last, if one is still open; the caller owns it from now on. */
  take(relay: string): WebSocket | undefined {
    const legs = this.#legs.get(relay);
    while (legs !== undefined && legs.length > 0) {
      const idle = legs.pop() as IdleLeg;
      this.#release(idle);
      if (idle.leg.readyState === idle.leg.OPEN) {
        if (legs.length === 0) this.#legs.delete(relay);
        return idle.leg;
      }
    }
    this.#legs.delete(relay);
    return undefined;
  }

  /** A leg whose transfer ended well, open and with no listener of the transfer left on it. */
  keep(relay: string, leg: WebSocket): void {
    const legs = this.#legs.get(relay) ?? [];
    if (legs.length >= this.#max || leg.readyState !== leg.OPEN) {
      leg.close();
      return;
    }
    this.#watchPage();
    const onGone = (): void => this.#remove(relay, idle);
    const timer = setTimeout(() => {
      this.#remove(relay, idle);
      leg.close();
    }, this.#idleMs);
    (timer as { unref?: () => void }).unref?.();
    const idle: IdleLeg = { leg, timer, onGone };
    leg.addEventListener('close', onGone);
    // Nothing to do with an error here: the close that follows removes the leg.
    leg.addEventListener('error', ignore);
    legs.push(idle);
    this.#legs.set(relay, legs);
  }

  /** Closes every idle leg (the page is hidden or unloads). */
  closeAll(): void {
    for (const legs of this.#legs.values()) {
      for (const idle of legs) {
        this.#release(idle);
        idle.leg.close();
      }
    }
    this.#legs.clear();
  }

  #remove(relay: string, idle: IdleLeg): void {
    const legs = this.#legs.get(relay);
    const index = legs?.indexOf(idle) ?? -1;
    if (legs === undefined || index < 0) return;
    legs.splice(index, 1);
    if (legs.length === 0) this.#legs.delete(relay);
    this.#release(idle);
  }

  #release(idle: IdleLeg): void {
    clearTimeout(idle.timer);
    idle.leg.removeEventListener('close', idle.onGone);
    idle.leg.removeEventListener('error', ignore);
  }

  /** A hidden page may be frozen or discarded: its idle legs would only hold the relay's sockets. */
  #watchPage(): void {
    if (this.#watchingPage) return;
    const page = globalThis as { addEventListener?: (type: string, listener: () => void) => void; document?: { visibilityState?: string } };
    if (typeof page.addEventListener !== 'function') return;
    this.#watchingPage = true;
    page.addEventListener('pagehide', () => this.closeAll());
    page.addEventListener('visibilitychange', () => {
      if (page.document?.visibilityState === 'hidden') this.closeAll();
    });
  }
}

function ignore(): void {}
