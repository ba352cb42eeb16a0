/**
 * Entry of the `ohos-netkit` package: the shape of OpenHarmony's `@kit.NetworkKit`,
 * limited to what this package provides (the `webSocket` and `http` modules).
 *
 * ```ts
 * import { http, webSocket } from 'ohos-netkit'; // or '@kit.NetworkKit' through a bundler alias
 * ```
 *
 * @packageDocumentation
 */

import { http } from './http.js';
import { webSocket } from './web-socket.js';

export { http, webSocket };

/**
 * The kit as one object, for `import networkKit from '@kit.NetworkKit'`.
 *
 * @since 6
 */
declare const networkKit: {
  /** The `webSocket` module. */
  webSocket: typeof webSocket;
  /** The `http` module. */
  http: typeof http;
};

export default networkKit;
