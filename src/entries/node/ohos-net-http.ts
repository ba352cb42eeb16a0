/** `ohos-netkit/ohos.net.http` under Node: the shape of `@ohos.net.http` (the namespace as default export). */
import { http } from './http.js';

export default http;
