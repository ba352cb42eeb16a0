/**
 * `ohos-netkit`: the shape of `@kit.NetworkKit` for a web build (the `http` and
 * `webSocket` namespaces, named and inside the default export). Importing it installs
 * nothing, and a bundle keeps only the namespaces the app uses.
 */
import { http } from './http.js';
import { webSocket } from './web-socket.js';

export { http, webSocket };
export default { http, webSocket };
