// App-style imports under verbatimModuleSyntax (compiled by types/tsconfig.verbatim.json).
// BusinessError is imported without `type` and used both as a type and as a value; the
// type-only names use `import type`, as that mode requires.

import { webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import type { AsyncCallback, Callback, ErrorCallback } from '@kit.BasicServicesKit';
import webSocketModule from '@ohos.net.webSocket';
import { configure } from 'ohos-netkit/config';

const ws = webSocket.createWebSocket();
const onOpen: AsyncCallback<Object> = (err: BusinessError, value: Object) => {
  if (!err) console.log(JSON.stringify(value));
};
const onError: ErrorCallback = (err: BusinessError) => console.log(err.code);
const onEnd: Callback<void> = () => undefined;
ws.on('open', onOpen);
ws.on('error', onError);
ws.on('dataEnd', onEnd);

const made = new BusinessError(401, 'Parameter error');
if (made instanceof BusinessError) console.log(made.code);

const server: webSocketModule.WebSocketServer = webSocketModule.createWebSocketServer();
void server.stop();
configure({ strict: true });
