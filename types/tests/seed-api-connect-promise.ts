// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "connect6+" example (url, options?): Promise, seed lines 285-294.
// Copied verbatim; only the indentation is restored (the seed flattened it), and:
// - server address "ws://" -> "ws://127.0.0.1:9/" (this file is only compiled, never run).

import { webSocket } from '@kit.NetworkKit';

let ws = webSocket.createWebSocket();
let url = "ws://127.0.0.1:9/"
let promise = ws.connect(url);
promise.then((value: boolean) => {
  console.log("connect success")
}).catch((err:string) => {
  console.log("connect fail, error:" + JSON.stringify(err))
});
