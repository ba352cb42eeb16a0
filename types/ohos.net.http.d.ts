/**
 * Entry `ohos-netkit/ohos.net.http`: the shape of OpenHarmony's `@ohos.net.http`, whose
 * only export is the `http` namespace as default.
 *
 * ```ts
 * import http from '@ohos.net.http';
 * ```
 *
 * @packageDocumentation
 */

import { http } from './http.js';

export default http;
