/**
 * Entry of the `ohos-netkit` package: the shape of OpenHarmony's `@kit.NetworkKit`,
 * limited to what this package provides (the `webSocket` module).
 *
 * ```ts
 * import { webSocket } from 'ohos-netkit'; // or '@kit.NetworkKit' through a bundler alias
 * ```
 *
 * @packageDocumentation
 */

import { webSocket } from './web-socket.js';

export { webSocket };

/**
 * The kit as one object, for `import networkKit from '@kit.NetworkKit'`.
 *
 * @since 6
 */
declare const networkKit: {
  /** The `webSocket` module. */
  webSocket: typeof webSocket;
};

export default networkKit;
