// ohos-netkit/config: the settings the README's configure(...) snippets make.
import { configure, getConfig, serverAddress, type NetkitConfig } from 'ohos-netkit/config';

configure({ strict: true });
configure({ relay: { url: 'ws://127.0.0.1:41234/ohos-netkit-relay', token: 'token' } });
configure({ useRelay: 'auto' });
configure({ device: { internetPermission: false, atomicServiceDomains: ['api.example.com', '*.example.net'] } });
const current: NetkitConfig = getConfig();
const listening = serverAddress(8080);
console.log(current.useRelay, listening?.host, listening?.port);
