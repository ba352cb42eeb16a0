/**
 * Entry `ohos-netkit/ohos.net.webSocket`: the shape of OpenHarmony's
 * `@ohos.net.webSocket`, whose only export is the `webSocket` namespace as default.
 *
 * ```ts
 * import webSocket from '@ohos.net.webSocket';
 * ```
 *
 * @packageDocumentation
 */

import { webSocket } from './web-socket.js';

export default webSocket;
