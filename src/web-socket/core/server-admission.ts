import { BAN_MS, MAX_CONNECTIONS_PER_WINDOW, RATE_WINDOW_MS } from './server-limits.js';

/**
 * Which clients a WebSocketServer lets in (WS §6.2), decided when a client's handshake
 * arrives, before it is answered. Isomorphic, so the rule lives once: the server's core
 * (server-calls.ts) asks it for each handshake its wire reports, in Node as in a page
 * (where the dev relay holds the handshake meanwhile). A client counts from its
 * admission until it ends, or until it leaves before its upgrade is done.
 *
 * A newcomer is turned away when the server is stopped; when, counting it, the number
 * of different client IPs would pass maxConcurrentClientsNumber; when its IP holds
 * maxConnectionsForOneClient connections already; when its IP is banned; or when its
 * IP had more than 50 accepted connections within 60 s, which also bans the IP for
 * 60 s. The ban list is the whole process's, as on the device.
 */

export interface AdmissionLimits {
  readonly maxConcurrentClientsNumber: number;
  readonly maxConnectionsForOneClient: number;
}

/** Banned IP → when the ban ends (ms). Shared by every server of the process (or page), as the device's is the app's. */
const bans = new Map<string, number>();

export type AdmissionVerdict = { readonly admitted: true } | { readonly admitted: false; readonly why: string };

export class ServerAdmission {
  readonly #limits: AdmissionLimits;
  readonly #now: () => number;
  /** Open connections per client IP. */
  readonly #open = new Map<string, number>();
  /** When each IP's recent accepted connections came, oldest first. */
  readonly #accepted = new Map<string, number[]>();
  #stopped = false;

  /** `now` stands in for the clock in tests. */
  constructor(limits: AdmissionLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Decides on a newcomer from `ip`; when admitted, counts it as open (call closed() when it ends). */
  admit(ip: string): AdmissionVerdict {
    const now = this.#now();
    if (this.#stopped) return { admitted: false, why: 'the server is stopped' };
    const banEnds = bans.get(ip);
    if (banEnds !== undefined) {
      if (banEnds > now) return { admitted: false, why: `${ip} is banned for connecting too often` };
      bans.delete(ip);
    }
    const fromIp = this.#open.get(ip) ?? 0;
    const clients = this.#open.size + (fromIp === 0 ? 1 : 0);
    if (clients > this.#limits.maxConcurrentClientsNumber) {
      return { admitted: false, why: `${clients} client IPs would pass maxConcurrentClientsNumber ${this.#limits.maxConcurrentClientsNumber}` };
    }
    if (fromIp >= this.#limits.maxConnectionsForOneClient) {
      return { admitted: false, why: `${ip} holds maxConnectionsForOneClient ${this.#limits.maxConnectionsForOneClient} connections already` };
    }
    const recent = (this.#accepted.get(ip) ?? []).filter((at) => at > now - RATE_WINDOW_MS);
    if (recent.length >= MAX_CONNECTIONS_PER_WINDOW) {
      bans.set(ip, now + BAN_MS);
      this.#accepted.delete(ip);
      return {
        admitted: false,
        why: `${ip} made more than ${MAX_CONNECTIONS_PER_WINDOW} connections in ${RATE_WINDOW_MS / 1000} s: banned for ${BAN_MS / 1000} s`,
      };
    }
    recent.push(now);
    this.#accepted.set(ip, recent);
    this.#open.set(ip, fromIp + 1);
    return { admitted: true };
  }

  /** An admitted connection from `ip` ended. */
  closed(ip: string): void {
    const fromIp = this.#open.get(ip) ?? 0;
    if (fromIp <= 1) this.#open.delete(ip);
    else this.#open.set(ip, fromIp - 1);
  }

  /** From now on nobody is let in. */
  stop(): void {
    this.#stopped = true;
  }
}

/** Forgets every ban (tests). */
export function clearAdmissionBans(): void {
  bans.clear();
}
