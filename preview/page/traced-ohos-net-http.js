// '@ohos.net.http' as the preview's examples see it: the traced http namespace of
// traced-network-kit.js (this frame's one copy of it, which @kit.NetworkKit maps to as
// well, so http#N counts on with the same run), as the module's default export, as on
// the device.
import { http } from '/preview/traced-network-kit.js';

export default http;
