/** A loopback port with nobody listening, for "connection refused" (see freePort). */
import { freePort } from '../../src/testing/free-port.js';

export interface RefusedPort {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function startRefusedPort(): Promise<RefusedPort> {
  return { url: `ws://127.0.0.1:${await freePort()}`, close: async () => {} };
}
