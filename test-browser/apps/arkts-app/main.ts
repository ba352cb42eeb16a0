// A small ArkTS-style app, written against the device SDK: the bundler plugin must make
// its imports resolve, and the app must run in Chromium without a change.
import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

// Where to connect comes from the page's address (the test's server on 127.0.0.1).
const serverUrl: string = new URLSearchParams(location.search).get('server') ?? '';

class EchoClient {
  private ws: webSocket.WebSocket = webSocket.createWebSocket();
  private received: number = 0;

  start(): void {
    this.ws.on('open', (err: BusinessError, value: Object) => {
      console.log('open ' + JSON.stringify(value));
      this.ws.send('ping');
    });
    this.ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => {
      console.log('message ' + value);
      this.received++;
      if (this.received === 2) {
        this.ws.close({ code: 1001, reason: 'done' });
      }
    });
    this.ws.on('close', (err: BusinessError, value: webSocket.CloseResult) => {
      console.log('close ' + value.code + ' ' + value.reason);
    });
    this.ws.connect(serverUrl, { header: { 'X-App': 'arkts-app' } }, (err: BusinessError, value: boolean) => {
      console.log(err ? 'connect failed ' + JSON.stringify(err) : 'connect ' + value);
    });
  }
}

new EchoClient().start();
