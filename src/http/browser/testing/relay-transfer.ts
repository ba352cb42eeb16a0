import WebSocket from 'ws';
import type { HttpTransfer, HttpTransportOptions, HttpWire, HttpWireRequest } from '../../core/http-wire.js';
import { recordTransfer, type RunningTransfer, type TransferRecord } from '../../core/testing/record-transfer.js';
import { wireRequest } from '../../core/testing/wire-request.js';
import type { LegSocketConstructor } from '../../../page-relay/open-relay-leg.js';
import { IdleLegs } from '../idle-legs.js';
import { createRelayWire } from '../relay-wire.js';

/** Node 20 has no global WebSocket: ws' client stands in for the page's (its events are the WHATWG ones). */
export const NodeLegSocket = WebSocket as unknown as LegSocketConstructor;

/**
 * A relay wire as a page with `session` would have it, legs opened with `Socket` (ws by
 * default). Unless a test hands it idle legs to keep (relay-messages.ts step 8), it
 * keeps none: each transfer's leg closes when it ends, so a test sees only its own.
 */
export function relayWireFor(
  relay: { readonly url: string; readonly token: string },
  session: string,
  Socket = NodeLegSocket,
  idleLegs = new IdleLegs(0),
): HttpWire {
  return createRelayWire({ relay: () => relay, Socket: () => Socket, session }, idleLegs);
}

/**
 * A transfer as the core hands it to a wire, with the device's defaults (HTTP §3), for
 * tests to change; the relay's upstream connections close with each transfer unless a
 * test asks for reuse (HTTP §3 reuseConnections).
 */
export function relayRequest(
  url: string,
  overrides: Partial<Omit<HttpWireRequest, 'transport'>> & { transport?: Partial<HttpTransportOptions> } = {},
): HttpWireRequest {
  return wireRequest(url, { ...overrides, transport: { reuseConnections: false, ...overrides.transport } });
}

/** Starts a transfer on `wire`; `keep: false` counts body bytes without keeping them (a long stream). */
export function startRelayTransfer(
  wire: HttpWire,
  request: HttpWireRequest,
  options: { keep?: boolean; ms?: number } = {},
): RunningTransfer<HttpTransfer, Buffer> {
  return recordTransfer(request, (events) => wire(request, events), { ...options, join: (chunks) => Buffer.concat(chunks) });
}

/** Runs one transfer to its end. */
export function runRelayTransfer(wire: HttpWire, request: HttpWireRequest): Promise<TransferRecord<Buffer>> {
  return startRelayTransfer(wire, request).done;
}
