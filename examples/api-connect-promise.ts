// Seed: 000_f7b4120c13efcc04.txt (OpenHarmony API reference, en, "@ohos.net.webSocket (WebSocket Connection)"),
// section "connect<sup>6+</sup>" connect(url, options?): Promise, seed lines 285-294.
// Verbatim except for restored line breaks and indentation. The bare ws:// address (and the
// proxy address) is the seed's own placeholder: the e2e suite swaps it for a loopback
// server at load time (test-browser/support/load-example.ts). Not type-checked: the
// examples are ArkTS-flavoured TypeScript written against the device SDK.

import { webSocket } from '@kit.NetworkKit';

let ws = webSocket.createWebSocket();
let url = "ws://"
let promise = ws.connect(url);
promise.then((value: boolean) => {
  console.log("connect success")
}).catch((err:string) => {
  console.log("connect fail, error:" + JSON.stringify(err))
});
