import type WebSocket from 'ws';

/** Seconds, after the device's clamping. pingInterval 0 = no heartbeat. */
export interface HeartbeatSettings {
  readonly pingInterval: number;
  readonly pongTimeout: number;
}

const DEFAULT_SECONDS = 30;
const MAX_PING_INTERVAL = 30000;

/**
 * The device's reading of pingInterval/pongTimeout (WS §5, netstack SetRetry):
 * numbers are taken with uint32 semantics (fractions truncated, negatives wrap, NaN
 * and ±Infinity become 0; JSON carries those two as null, hence `null` here), then
 * 1. pingInterval > 30000 → 30;
 * 2. pongTimeout > pingInterval and pongTimeout ≠ 30 → pongTimeout = pingInterval;
 * 3. pingInterval = 0 → pongTimeout = 0 (heartbeat off).
 */
export function normalizeHeartbeat(pingInterval: number | null | undefined, pongTimeout: number | null | undefined): HeartbeatSettings {
  let ping = pingInterval === undefined ? DEFAULT_SECONDS : toUint32(pingInterval);
  let pong = pongTimeout === undefined ? DEFAULT_SECONDS : toUint32(pongTimeout);
  if (ping > MAX_PING_INTERVAL) ping = DEFAULT_SECONDS;
  if (pong > ping && pong !== DEFAULT_SECONDS) pong = ping;
  if (ping === 0) pong = 0;
  return { pingInterval: ping, pongTimeout: pong };
}

function toUint32(value: number | null): number {
  return value === null || !Number.isFinite(value) ? 0 : value >>> 0;
}

/**
 * lws' connection-validity timer (LWS core-net/wsi-timeout.c) on one upstream socket:
 * the connection counts as valid when it opens and whenever a PONG arrives (data
 * frames do not count, LWS roles/ws/client-parser-ws.c). pingInterval seconds after the
 * last validation a PING goes out; if no PONG follows within pongTimeout seconds the
 * connection is hung up. With pongTimeout 0 (and pingInterval > 0) lws never pings
 * and hangs up pingInterval seconds after the last validation.
 *
 * Timers are unref'd (they never keep the process alive) and always cleared by stop().
 */
export class Heartbeat {
  readonly #socket: WebSocket;
  readonly #settings: HeartbeatSettings;
  readonly #onTimeout: () => void;
  #timer: NodeJS.Timeout | undefined;
  readonly #onPong = (): void => this.#validated();

  constructor(socket: WebSocket, settings: HeartbeatSettings, onTimeout: () => void) {
    this.#socket = socket;
    this.#settings = settings;
    this.#onTimeout = onTimeout;
  }

  /** Call when the connection opens. */
  start(): void {
    if (this.#settings.pingInterval === 0) return;
    this.#socket.on('pong', this.#onPong);
    this.#validated();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#socket.off('pong', this.#onPong);
  }

  #validated(): void {
    const { pingInterval, pongTimeout } = this.#settings;
    if (pongTimeout === 0) this.#schedule(pingInterval, () => this.#hangUp());
    else this.#schedule(pingInterval, () => this.#ping());
  }

  #ping(): void {
    // A ping on a socket that is already closing is simply not sent; the hang-up timer
    // is armed anyway, exactly as lws arms it after issuing the keepalive.
    this.#socket.ping(undefined, undefined, () => {});
    this.#schedule(this.#settings.pongTimeout, () => this.#hangUp());
  }

  #hangUp(): void {
    this.stop();
    this.#onTimeout();
  }

  #schedule(seconds: number, action: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(action, seconds * 1000);
    this.#timer.unref();
  }
}
