import { getConfig } from '../../core/netkit-config.js';
import { connectNative } from './native-transport.js';
import { relayOnlyOptions, type ConnectOptionsInput } from '../core/option-checks.js';
import type { Connector } from '../core/transport.js';

/**
 * Picks the wire for one connect(): the dev relay when one is configured (with
 * `useRelay: 'auto'`, only when the connection needs it), otherwise the browser's own
 * WebSocket, after warning about (or, when strict, refusing with 2302999) what it
 * cannot honour.
 */
export function chooseConnector(options: ConnectOptionsInput, wantsResponseHeaders: boolean): Connector {
  const needs = relayOnlyOptions(options);
  if (wantsResponseHeaders) needs.push('headerReceive');
  const config = getConfig();

  // With a relay, every connection goes through it unless the page asks for 'auto'.
  if (config.relay !== undefined && (config.useRelay !== 'auto' || needs.length > 0)) {
    const relay = config.relay;
    const connector: Connector = async (request, events) => (await import('./relay-transport.js')).connectRelay(relay, request, events);
    connector.certificateFilesMissing = async (options) => (await import('./relay-transport.js')).certificateFilesMissing(relay, options);
    return connector;
  }

  if (needs.length === 0) return connectNative;
  // What direct mode cannot honour is said (or, strict, refused) in words that load only
  // when a page asks for such an option (direct-mode-notices.ts).
  const notices = import('./direct-mode-notices.js');
  if (config.strict === true) {
    // KitWebSocket rejects with the refusal and never calls the connector.
    return Object.assign(connectNative.bind(undefined), { refusal: notices.then((words) => words.strictRefusal(needs)) });
  }
  // Said before the connection starts, as when the words were at hand.
  return async (request, events) => {
    (await notices).warnOnce(needs);
    return connectNative(request, events);
  };
}
