/**
 * A loopback port with nobody listening, for "connection refused": the OS picks a
 * free port, we release it at once, and connecting to it gets a TCP reset.
 * (Another process could take the port in between; on a test machine that is rare
 * enough, and the failure would be loud, not silent.)
 */
import { createServer, type AddressInfo } from 'node:net';

export interface RefusedPort {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function startRefusedPort(): Promise<RefusedPort> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `ws://127.0.0.1:${port}`, close: async () => {} };
}
