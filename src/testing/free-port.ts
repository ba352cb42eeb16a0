import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nobody listens on right now: the kernel picks a free one, and it is
 * given back at once. Connecting to it gets a TCP reset ("connection refused"); a
 * program that cannot listen on port 0 (tinyproxy) can be handed it. Another process
 * could take the port in between; on a test machine that is rare, and loud, not silent.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
