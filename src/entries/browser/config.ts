/**
 * `ohos-netkit/config`: how this page's connections reach the network (direct or
 * through the dev relay), the device conditions to play, and where the app's
 * WebSocketServers really listen.
 */
export { configure, getConfig, type DeviceConditions, type NetkitConfig, type ServerListenSettings } from '../../core/netkit-config.js';
export { serverAddress, type ListeningAddress } from '../../core/server-addresses.js';
