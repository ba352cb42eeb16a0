/**
 * `ohos-netkit`: the shape of `@kit.NetworkKit` for a web build (the `webSocket`
 * namespace, named and inside the default export). Importing it installs nothing.
 */
import { webSocket } from './web-socket.js';

export { webSocket };
export default { webSocket };
