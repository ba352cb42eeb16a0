// Seed: /work/shared/seeds/000_f7b4120c13efcc04.txt (English API reference of @ohos.net.webSocket),
// section "webSocket.createWebSocket6+" example, seed lines 108-108.
// The block has no import of its own: the reference's "Modules to Import" line (seed line 17)
// is put in front of it, as every app file would have it.
// Copied verbatim; only the indentation is restored (the seed flattened it).

import { webSocket } from '@kit.NetworkKit';
let ws: webSocket.WebSocket = webSocket.createWebSocket();
