import { getConfig } from '../../core/netkit-config.js';
import { OutboundGuard } from '../../net/outbound-policy.js';
import type { HttpWire } from '../core/http-wire.js';
import { ConnectionPool } from '../engine/connection-pool.js';
import { CookieJars } from '../engine/cookie-jars.js';
import { perform } from '../engine/perform.js';

/**
 * An app in Node connects wherever it likes, as it could on a device: no allowlist, no
 * loopback-only, link-local addresses allowed (the relay's policy guards a service that
 * connects for web pages; Node code is the app itself).
 */
const guard = new OutboundGuard({ denyLinkLocal: false }, () => []);

/** The jars of the process's HttpRequest objects with enableAutoCookie(true) (HTTP §7.4). */
const cookieJars = new CookieJars();

/** The process's connection cache (HTTP §3 reuseConnections), as the device's curl keeps one; idle connections never keep the process alive. */
const pool = new ConnectionPool();

/**
 * Node's HttpWire: each transfer is performed right here by the engine the dev relay
 * uses (src/http/engine, undici), so every device option is honoured with the device's
 * semantics: caPath, clientCert and multipart files are the process's (relative to
 * `filesDir` of the config, or the working directory, read at each request), `'system'`
 * proxies are this process's environment, and there is no outbound policy. Connections
 * are kept for the next transfer to the same place, as curl's cache does.
 */
export const nodeWire: HttpWire = (request, events) =>
  perform(
    request,
    { files: { baseDir: getConfig().filesDir ?? process.cwd() }, guard, env: process.env, allowLoopbackOnly: false, cookieJars, pool },
    events,
  );
