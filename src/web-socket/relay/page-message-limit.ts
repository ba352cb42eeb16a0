import { MAX_SEND_BYTES } from '../core/device-limits.js';

/**
 * The largest message the page may send on webSocket's legs after the request (every
 * operation's pageMessageLimit): the device's send limit, 5 MiB − 16 = 5,242,864 bytes
 * (WS §4), plus room for a frame the page's own check let through at exactly the limit.
 */
export const PAGE_MESSAGE_LIMIT = MAX_SEND_BYTES + 1024;
