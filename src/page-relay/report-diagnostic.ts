import { MAX_WHY_CHARS } from '../protocol/relay-protocol.js';

/** The event the page hears a failure's cause by, whichever namespace failed (the live preview shows it). */
export const DIAGNOSTIC_EVENT = 'ohos-netkit:diagnostic';

/** What the event carries: `url` as the app gave it (to connect(), request(), or where its server listens), `text` the cause. */
export interface DiagnosticDetail {
  readonly url: string;
  readonly text: string;
}

/**
 * Tells the developer why a connection or a transfer failed or was refused, as the dev
 * relay saw it (a reply's `why`, relay-protocol.ts) or the page saw the relay, on a side
 * channel app code never meets: one console.debug line, and a `ohos-netkit:diagnostic`
 * CustomEvent on the global object where there is one to dispatch on. The app's own
 * events and errors stay the device's; a device prints nothing of this. `why` that is
 * not a string is ignored.
 */
export function reportDiagnostic(url: string, why: unknown): void {
  if (typeof why !== 'string' || why === '') return;
  const text = why.slice(0, MAX_WHY_CHARS);
  console.debug(`[ohos-netkit] ${url}: the dev relay says: ${text}`);
  const target = globalThis as { dispatchEvent?: (event: Event) => boolean };
  if (typeof target.dispatchEvent !== 'function' || typeof globalThis.CustomEvent !== 'function') return;
  const detail: DiagnosticDetail = { url, text };
  // A listener that throws is reported by the browser, never to the library's caller.
  target.dispatchEvent(new CustomEvent(DIAGNOSTIC_EVENT, { detail }));
}
