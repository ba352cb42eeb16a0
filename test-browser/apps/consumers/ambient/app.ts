// ArkTS app code as it is written for the device.
import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import webSocketModule from '@ohos.net.webSocket';

const ws = webSocket.createWebSocket();
ws.on('open', (err: BusinessError, value: Object) => console.log(JSON.stringify(err), JSON.stringify(value)));
ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => console.log(value));
ws.connect('ws://127.0.0.1:8080/', (err: BusinessError, value: boolean) => {
  if (!err) console.log('connect', value);
});
try {
  await webSocketModule.createWebSocket().close();
} catch (e) {
  console.log(e.message);
}
