import type { TestContext } from 'node:test';
import { CONFIG_GLOBAL, type DeviceConditions } from '../../../core/netkit-config.js';
import type { KitHttpRequest } from '../kit-http-request.js';

type EventRecord = [type: string, ...args: unknown[]];

/** Registers a listener for every event of `request` and records each call with its arguments, in order. */
export function recordEvents(request: KitHttpRequest): EventRecord[] {
  const events: EventRecord[] = [];
  for (const type of ['headerReceive', 'headersReceive', 'dataReceive', 'dataEnd', 'dataReceiveProgress', 'dataSendProgress']) {
    request.on(type, (...args: unknown[]) => {
      events.push([type, ...args]);
    });
  }
  return events;
}

const restoring = new WeakSet<TestContext>();

/** Puts the page's or process's config into the device conditions `device` for the rest of one test. */
export function useDeviceConditions(t: TestContext, device: DeviceConditions): void {
  const holder = globalThis as { [CONFIG_GLOBAL]?: unknown };
  if (!restoring.has(t)) {
    restoring.add(t);
    const had = Object.hasOwn(holder, CONFIG_GLOBAL);
    const previous = holder[CONFIG_GLOBAL];
    t.after(() => {
      if (had) holder[CONFIG_GLOBAL] = previous;
      else delete holder[CONFIG_GLOBAL];
    });
  }
  holder[CONFIG_GLOBAL] = { device };
}
