// ohos-netkit/ohos.net.webSocket: the namespace as the default export.
import webSocket from 'ohos-netkit/ohos.net.webSocket';

const server: webSocket.WebSocketServer = webSocket.createWebSocketServer();
server.on('connect', (client) => console.log(client.clientIP, client.clientPort));
const started: boolean = await server.start({
  serverIP: '127.0.0.1',
  serverPort: 8080,
  maxConcurrentClientsNumber: 10,
  maxConnectionsForOneClient: 10,
});
console.log(started);
