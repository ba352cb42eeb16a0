// Seed: 000_f7b4120c13efcc04.txt (OpenHarmony API reference, en, "@ohos.net.webSocket (WebSocket Connection)"),
// section "off('open')<sup>6+</sup>", seed lines 619-632.
// Verbatim except for restored line breaks and indentation. The bare ws:// address (and the
// proxy address) is the seed's own placeholder: the e2e suite swaps it for a loopback
// server at load time (test-browser/support/load-example.ts). Not type-checked: the
// examples are ArkTS-flavoured TypeScript written against the device SDK.

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let ws = webSocket.createWebSocket();
class OutValue {
  status: number = 0
  message: string = ""
}
let callback1 = (err: BusinessError, value: Object) => {
  console.log("on open, status:" + ((value as OutValue).status + ", message:" + (value as OutValue).message));
}
ws.on('open', callback1);
// You can pass the callback of the on function to cancel listening for a certain type of callback. If you do not pass the callback, you will cancel listening for all callbacks.
ws.off('open', callback1);
