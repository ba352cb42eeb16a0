// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "on('message')6+" example, seed lines 658-664.
// Copied verbatim; only the indentation is restored (the seed flattened it).

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
ws.on('message', (err: BusinessError<void>, value: string | ArrayBuffer) => {
  console.log("on message, message:" + value);
});
