/**
 * The device's limits for a WebSocketServer (netstack at c7520b36, WS §6), each once:
 * the server's core and the relay's webSocket operations read them from here.
 */

/** WS §6.1: the most different client IPs a server takes (MAX_CONCURRENT_CLIENTS_NUMBER). */
export const MAX_CONCURRENT_CLIENTS_NUMBER = 10;

/** WS §6.1: the most connections of one client IP a server takes (MAX_CONNECTIONS_FOR_ONE_CLIENT). */
export const MAX_CONNECTIONS_FOR_ONE_CLIENT = 10;

/** WS §6.2: accepted connections of one IP in RATE_WINDOW_MS before it is banned. */
export const MAX_CONNECTIONS_PER_WINDOW = 50;
export const RATE_WINDOW_MS = 60_000;
/** WS §6.2: how long a banned IP stays banned. */
export const BAN_MS = 60_000;

/** WS §6.4 stop(): the reason every client hears with going away (1001), and the server reports. */
export const SERVER_GOING_AWAY_REASON = 'server is going away';
