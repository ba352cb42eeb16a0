// Seed: 000_f7b4120c13efcc04.txt (OpenHarmony API reference, en, "@ohos.net.webSocket (WebSocket Connection)"),
// section "on('open')<sup>6+</sup>", seed lines 583-593.
// Verbatim except for restored line breaks and indentation. The bare ws:// address (and the
// proxy address) is the seed's own placeholder: the e2e suite swaps it for a loopback
// server at load time (test-browser/support/load-example.ts). Not type-checked: the
// examples are ArkTS-flavoured TypeScript written against the device SDK.

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
