// Seed: 000_f7b4120c13efcc04.txt (OpenHarmony API reference, en, "@ohos.net.webSocket (WebSocket Connection)"),
// section "send<sup>6+</sup>" send(data, callback), seed lines 326-351.
// Verbatim except for restored line breaks and indentation. The bare ws:// address (and the
// proxy address) is the seed's own placeholder: the e2e suite swaps it for a loopback
// server at load time (test-browser/support/load-example.ts). Not type-checked: the
// examples are ArkTS-flavoured TypeScript written against the device SDK.

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
let url = "ws://"
class OutValue {
  status: number = 0
  message: string = ""
}
ws.connect(url, (err: BusinessError, value: boolean) => {
  if (!err) {
    console.log("connect success");
  } else {
    console.log("connect fail, err:" + JSON.stringify(err))
  }
});
ws.on('open', (err: BusinessError, value: Object) => {
  console.log("on open, status:" + (value as OutValue).status + ", message:" + (value as OutValue).message);
  ws.send("Hello, server!", (err: BusinessError, value: boolean) => {
    if (!err) {
      console.log("send success");
    } else {
      console.log("send fail, err:" + JSON.stringify(err))
    }
  });
});
