// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "on('close')6+" example, seed lines 717-723.
// Copied verbatim; only the indentation is restored (the seed flattened it).

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
ws.on('close', (err: BusinessError, value: webSocket.CloseResult) => {
  console.log("on close, code is " + value.code + ", reason is " + value.reason);
});
