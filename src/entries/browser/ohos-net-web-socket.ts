/** `ohos-netkit/ohos.net.webSocket`: the shape of `@ohos.net.webSocket` (the namespace as default export). */
import { webSocket } from './web-socket.js';

export default webSocket;
