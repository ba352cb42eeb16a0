/**
 * `ohos-netkit` under the "node" condition: the shape of `@kit.NetworkKit` for Node 20+
 * (unit tests of app logic in a Node test runner). Same API as the browser entry; the
 * connections are made in-process (ws for webSocket, undici for http), with every
 * device option honoured.
 */
import { http } from './http.js';
import { webSocket } from './web-socket.js';

export { http, webSocket };
export default { http, webSocket };
