// ohos-netkit's own example (no seed has one): http and webSocket in one module, as
// apps use them: the app asks an HTTP API for a greeting, then sends it over a
// WebSocket and prints the echo. The addresses are placeholders, as in the seeds:
// www.example.com and the bare ws:// are swapped for the preview’s loopback servers.

import { http, webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let defaultIpAddress = "ws://";
let httpRequest = http.createHttp();
let ws = webSocket.createWebSocket();
let greeting = '';

ws.on('open', (err: BusinessError, value: Object) => {
  console.info('on open, status: ' + JSON.stringify(value));
  // Sent once the connection is open: connect() resolves when the device has started it.
  ws.send(greeting).then((sent: boolean) => {
    console.info('sent: ' + sent);
  });
});
ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => {
  console.info('on message: ' + value);
  ws.close();
});
ws.on('close', (err: BusinessError, value: webSocket.CloseResult) => {
  console.info('on close, code is ' + value.code + ', reason is ' + value.reason);
});

httpRequest
  .request('http://www.example.com/greeting', { method: http.RequestMethod.GET, expectDataType: http.HttpDataType.STRING })
  .then((response: http.HttpResponse) => {
    console.info('http response code: ' + response.responseCode + ', body: ' + response.result);
    httpRequest.destroy();
    greeting = response.result as string;
    return ws.connect(defaultIpAddress);
  })
  .catch((err: BusinessError) => {
    console.error('failed: ' + JSON.stringify(err));
  });
