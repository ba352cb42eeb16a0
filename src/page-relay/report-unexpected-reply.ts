import type { RelayAddress } from './open-relay-leg.js';

/**
 * A reply the page cannot read (not one its leg expects, or not of its shape): a relay
 * that does not speak our protocol version, or a broken one. Said loudly, on the
 * console, in every namespace's words alike: `problem` what was wrong, `consequence`
 * what the page does about it (the leg ends).
 */
export function reportUnexpectedReply(relay: RelayAddress, problem: string, consequence: string): void {
  console.error(`[ohos-netkit] unexpected message from the dev relay at ${relay.url} (${problem}); ${consequence}`);
}
