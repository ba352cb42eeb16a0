// Exactly the README's form: no import of vite at all.
import { networkKit } from 'ohos-netkit/plugin';

export default { plugins: [networkKit()] };
