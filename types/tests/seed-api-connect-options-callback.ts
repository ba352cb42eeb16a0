// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "connect6+" example (url, options, callback), seed lines 214-234.
// Copied verbatim; only the indentation is restored (the seed flattened it), and:
// - server address "ws://" -> "ws://127.0.0.1:9/" (this file is only compiled, never run).

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
let options: webSocket.WebSocketRequestOptions | undefined;
if (options !=undefined) {
  options.header = {
    name1: "value1",
    name2: "value2",
    name3: "value3"
  };
  options.caPath = "";
}
let url = "ws://127.0.0.1:9/"
ws.connect(url, options, (err: BusinessError, value: Object) => {
  if (!err) {
    console.log("connect success");
  } else {
    console.log("connect fail, err:" + JSON.stringify(err))
  }
});
