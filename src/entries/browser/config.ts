/** `ohos-netkit/config`: how this page's connections reach the network (direct or through the dev relay). */
export { configure, getConfig, type NetkitConfig } from '../../core/netkit-config.js';
