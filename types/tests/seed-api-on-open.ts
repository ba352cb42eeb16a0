// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "on('open')6+" example, seed lines 583-593.
// Copied verbatim; only the indentation is restored (the seed flattened it).

import { webSocket } from '@kit.NetworkKit';
import { BusinessError, Callback } from '@kit.BasicServicesKit';

let ws= webSocket.createWebSocket();
class OutValue {
  status: number = 0
  message: string = ""
}
ws.on('open', (err: BusinessError, value: Object) => {
  console.log("on open, status:" + (value as OutValue).status + ", message:" + (value as OutValue).message);
});
