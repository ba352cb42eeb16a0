// The relay in-process, as the README's "The dev relay" shows it: on its own port, and
// mounted on a server of the program's own.
import { createServer } from 'node:http';
import { createRelay, createRelayToken, startRelay, type Relay, type RelayOptions, type RelayServer } from 'ohos-netkit/relay';

const options: RelayOptions = {
  sandboxDir: './app-files',
  token: createRelayToken(),
  allowedOrigins: ['http://localhost:5173'],
  allowedHosts: ['dev.example.test'],
  outbound: { allowHosts: ['api.example.com', '*.example.net'], allowLoopbackOnly: false, denyLinkLocal: true },
  strictTls: false,
  maxReceiveBytes: 1024 * 1024,
  handshakeTimeoutMs: 5_000,
  servers: { ports: { 8080: 0 }, loopbackOnly: true, maxPerPage: 2, max: 8 },
  logger: { info: (message) => console.log(message), warn: (message) => console.warn(message), error: (message) => console.error(message) },
};

const relay: RelayServer = await startRelay(options);
console.log(relay.url, relay.token, relay.host, relay.port, relay.path);
for (const connection of relay.connections) console.log(connection.id, connection.op, connection.target, connection.phase);
for (const server of relay.servers) console.log(server.appPort, server.host, server.port, server.clients);
const { host, port } = await relay.whenListening(8080);
console.log(host, port);
await relay.close();

const mounted: Relay = createRelay({ outbound: { allowLoopbackOnly: true } });
const httpServer = createServer();
mounted.attach(httpServer);
httpServer.on('upgrade', (request, socket, head) => {
  if (!mounted.handleUpgrade(request, socket, head)) socket.destroy();
});
await mounted[Symbol.asyncDispose]();
