/** `ohos-netkit/ohos.net.webSocket`: the shape of `@ohos.net.webSocket` (the namespace as default export). */
import { webSocket } from './client/web-socket-namespace.js';

export default webSocket;
