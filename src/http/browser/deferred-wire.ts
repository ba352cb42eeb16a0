import { isDeviceError } from '../../core/business-error.js';
import { reportUncaught } from '../../core/report-uncaught.js';
import { httpError, HttpErrorCode } from '../core/error-codes.js';
import type { HttpTransfer, HttpWire } from '../core/http-wire.js';

/**
 * A wire whose code (or whose decision) is loaded on first use: the transfer starts
 * once `load` has settled, unless it was aborted meanwhile (then nothing is sent).
 * A loaded wire that throws a device error refuses the transfer with it (direct mode's
 * strict refusal, decided by words that load lazily). A chunk that fails to load is the page's fault, not
 * the network's: the request fails with 2300999 and the cause goes to the console.
 */
export function deferredWire(load: () => Promise<HttpWire>): HttpWire {
  return (request, events) => {
    let started: HttpTransfer | undefined;
    let aborted = false;
    load().then(
      (wire) => {
        if (aborted) return;
        try {
          started = wire(request, events);
        } catch (error) {
          if (!isDeviceError(error)) reportUncaught(error);
          events.onRefuse?.(isDeviceError(error) ? error : httpError(HttpErrorCode.INTERNAL_ERROR));
        }
      },
      (error: unknown) => {
        if (aborted) return;
        reportUncaught(error);
        events.onRefuse?.(httpError(HttpErrorCode.INTERNAL_ERROR));
      },
    );
    return {
      abort() {
        aborted = true;
        started?.abort();
      },
    };
  };
}
