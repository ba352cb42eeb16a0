// An app that a user's Playwright tests drive on its own Vite dev server (with the
// networkKit() plugin). What it does comes from its address, so that one app serves
// every test: ?server=<ws URL> connects there and sends "hello", showing each message it
// gets as a paragraph; ?ca=<file> connects with that caPath (an option only a relay
// honours); ?listen=<port> starts a WebSocketServer on that port; ?get=<http URL> requests
// it with a Cookie header (which only a relay can send) and shows "http <status>".
import { http, webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

const params = new URLSearchParams(location.search);

function show(line: string): void {
  const paragraph = document.createElement('p');
  paragraph.textContent = line;
  document.body.append(paragraph);
}

// The client and the server live in module bindings, as an app keeps what it still
// needs: one that only its own listeners refer to is collected, and stops, as on a device.
const serverUrl = params.get('server');
const ws = serverUrl === null ? undefined : webSocket.createWebSocket();
if (serverUrl !== null && ws !== undefined) {
  ws.on('open', () => {
    ws.send('hello');
  });
  ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => {
    show(typeof value === 'string' ? value : `${value.byteLength} bytes`);
  });
  const caPath = params.get('ca');
  const connecting = caPath === null ? ws.connect(serverUrl) : ws.connect(serverUrl, { caPath });
  connecting.catch((err: BusinessError) => show(`connect failed ${JSON.stringify(err)}`));
}

const port = params.get('listen');
const server = port === null ? undefined : webSocket.createWebSocketServer();
if (port !== null && server !== undefined) {
  server
    .start({ serverPort: Number(port), maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 })
    .catch((err: BusinessError) => show(`start failed ${JSON.stringify(err)}`));
}

const getUrl = params.get('get');
if (getUrl !== null) {
  http
    .createHttp()
    .request(getUrl, { header: { Cookie: 'session=my-app' } })
    .then((response: http.HttpResponse) => show(`http ${response.responseCode}`))
    .catch((err: BusinessError) => show(`http failed ${JSON.stringify(err)}`));
}
