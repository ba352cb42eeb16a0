// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "connect6+" example (url, callback), seed lines 157-168.
// Copied verbatim; only the indentation is restored (the seed flattened it), and:
// - server address "ws://" -> "ws://127.0.0.1:9/" (this file is only compiled, never run).

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
let url = "ws://127.0.0.1:9/";
ws.connect(url, (err: BusinessError, value: boolean) => {
  if (!err) {
    console.log("connect success");
  } else {
    console.log("connect fail, err:" + JSON.stringify(err));
  }
});
