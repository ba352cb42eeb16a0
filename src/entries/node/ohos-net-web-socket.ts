/** `ohos-netkit/ohos.net.webSocket` under the "node" condition: the namespace as default export. */
import { webSocket } from './web-socket.js';

export default webSocket;
