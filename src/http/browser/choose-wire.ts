import { getConfig } from '../../core/netkit-config.js';
import type { HttpWire } from '../core/http-wire.js';
import { optionsPageCannotHonour } from '../core/page-limits.js';
import { deferredWire } from './deferred-wire.js';
import { fetchWire } from './fetch-wire.js';

/** The dev relay's wire, loaded with the first request that goes through a relay. */
const relayWire = deferredWire(async () => (await import('./relay-wire.js')).relayWire);

/**
 * The page's HttpWire, chosen per transfer as webSocket's connector is chosen per
 * connect() (choose-connector.ts), from the same settings (netkit-config.ts): with a
 * relay configured, the relay (with `useRelay: 'auto'`, only a transfer with an option a
 * page cannot honour, HTTP §13.2); otherwise the page's own fetch (direct mode,
 * HTTP §13.1), after one warning per such option, or, when strict, a refusal with
 * 2300999 that names them and the relay.
 */
export const pageWire: HttpWire = (request, events) => {
  const needs = optionsPageCannotHonour(request);
  const config = getConfig();
  if (config.relay !== undefined && (config.useRelay !== 'auto' || needs.length > 0)) return relayWire(request, events);
  if (needs.length === 0) return fetchWire(request, events);
  // What direct mode cannot honour is said (or, strict, refused) in words that load only
  // when a request needs them (direct-mode-notices.ts); a warning comes before the request starts.
  const strict = config.strict === true;
  return deferredWire(async () => {
    const notices = await import('./direct-mode-notices.js');
    if (strict) {
      const refusal = notices.strictRefusal(needs);
      return () => {
        throw refusal;
      };
    }
    notices.warnOnce(needs);
    return fetchWire;
  })(request, events);
};
