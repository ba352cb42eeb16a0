/**
 * Where the app's WebSocketServers really listen, by the port the app asked for: a
 * wire may map the app's `serverPort` to another (the dev relay's and Node's
 * `servers.ports` settings), so that tests and parallel workers need not all own
 * port 8080. Kept on a global, as the config is, so every copy of the library agrees.
 */
export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
}

const ADDRESSES_GLOBAL = '__OHOS_NETKIT_SERVERS__';

type AddressHolder = { [ADDRESSES_GLOBAL]?: Map<number, ListeningAddress> };

function addresses(): Map<number, ListeningAddress> {
  const holder = globalThis as AddressHolder;
  holder[ADDRESSES_GLOBAL] ??= new Map();
  return holder[ADDRESSES_GLOBAL];
}

/** Where the server the app started on `appPort` listens, or undefined while none does. */
export function serverAddress(appPort: number): ListeningAddress | undefined {
  return addresses().get(appPort);
}

export function recordServerAddress(appPort: number, address: ListeningAddress | undefined): void {
  if (address === undefined) addresses().delete(appPort);
  else addresses().set(appPort, address);
}
