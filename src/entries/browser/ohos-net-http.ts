/** `ohos-netkit/ohos.net.http`: the shape of `@ohos.net.http` (the namespace as default export). */
import { http } from './http.js';

export default http;
