import { MAX_WHY_CHARS } from '../../protocol/relay-protocol.js';

/** The event the page hears a failure's cause by: the one webSocket's relay legs use too (the live preview listens to it). */
const DIAGNOSTIC_EVENT = 'ohos-netkit:diagnostic';

/**
 * Tells the developer why a transfer through the dev relay failed (a reply's `why`,
 * relay-protocol.ts, or what the page saw of the relay), on the side channel app code
 * never meets: one console.debug line and a `ohos-netkit:diagnostic` CustomEvent
 * (detail `{ url, text }`, `url` as the app gave it) on the global object. The app's
 * own errors stay the device's. A `why` that is not a string is ignored.
 */
export function reportRelayDiagnostic(url: string, why: unknown): void {
  if (typeof why !== 'string' || why === '') return;
  const text = why.slice(0, MAX_WHY_CHARS);
  console.debug(`[ohos-netkit] ${url}: the dev relay says: ${text}`);
  if (typeof globalThis.dispatchEvent !== 'function' || typeof globalThis.CustomEvent !== 'function') return;
  globalThis.dispatchEvent(new CustomEvent(DIAGNOSTIC_EVENT, { detail: { url, text } }));
}
