import { CookieJars } from '../engine/cookie-jars.js';

/** Cookie jars the relay keeps for all pages at once: past this the oldest is forgotten. */
export const MAX_JARS = 1024;

/** Page sessions the relay remembers at once: past this the one idle longest is forgotten, with its jars. */
export const MAX_SESSIONS = 256;

/** How long a session's jars outlive its last transfer (the page may send the next one later). */
export const SESSION_IDLE_MS = 10 * 60 * 1000;

interface Session {
  legs: number;
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * The cookie jars of the pages' HttpRequest objects (HTTP §7.4), keyed by the page's
 * session AND the object's id (relay-messages.ts), so that two pages, or two loads of
 * one page, never share a jar. A session's jars go when its page goes away (the browser
 * closes a leg with 1001, and it was the session's last one), or when it has had no
 * transfer for `idleMs`; jars and sessions are bounded.
 */
export class PageSessions {
  readonly jars: CookieJars;
  readonly #sessions = new Map<string, Session>();
  readonly #idleMs: number;
  readonly #maxSessions: number;

  constructor(idleMs = SESSION_IDLE_MS, maxJars = MAX_JARS, maxSessions = MAX_SESSIONS) {
    this.jars = new CookieJars(maxJars);
    this.#idleMs = idleMs;
    this.#maxSessions = maxSessions;
  }

  /** The key of an object's jar in `jars`: session ids hold no space, so the prefix is the session's alone. */
  static jarKey(session: string, object: string): string {
    return `${session} ${object}`;
  }

  /** A transfer of `session` starts. */
  join(session: string): void {
    let entry = this.#sessions.get(session);
    if (entry === undefined) {
      if (this.#sessions.size >= this.#maxSessions) this.#forgetIdlest();
      entry = { legs: 0, idleTimer: undefined };
    } else {
      this.#sessions.delete(session);
    }
    // Map order is the order of use: the first idle one is the one idle longest.
    this.#sessions.set(session, entry);
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    entry.legs += 1;
  }

  /** A transfer of `session` is over; `pageGone`: its page went away (leg closed with 1001). */
  leave(session: string, pageGone: boolean): void {
    const entry = this.#sessions.get(session);
    if (entry === undefined) return;
    entry.legs -= 1;
    if (entry.legs > 0) return;
    if (pageGone) {
      this.#forget(session);
      return;
    }
    entry.idleTimer = setTimeout(() => this.#forget(session), this.#idleMs);
    entry.idleTimer.unref();
  }

  /** The page of `session` went away (an idle leg closed with 1001): its jars go now, unless a transfer of it is still under way. */
  pageGone(session: string): void {
    const entry = this.#sessions.get(session);
    if (entry !== undefined && entry.legs === 0) this.#forget(session);
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The relay stops: every jar and timer goes. */
  close(): void {
    for (const entry of this.#sessions.values()) clearTimeout(entry.idleTimer);
    this.#sessions.clear();
    this.jars.dropAll();
  }

  #forget(session: string): void {
    const entry = this.#sessions.get(session);
    if (entry !== undefined) clearTimeout(entry.idleTimer);
    this.#sessions.delete(session);
    this.jars.dropAll(`${session} `);
  }

  #forgetIdlest(): void {
    for (const [session, entry] of this.#sessions) {
      if (entry.legs === 0) {
        this.#forget(session);
        return;
      }
    }
    // Every session has a transfer under way (legs are bounded by maxConnections): the oldest one's jars go all the same.
    const oldest = this.#sessions.keys().next().value;
    if (oldest !== undefined) this.#forget(oldest);
  }
}
