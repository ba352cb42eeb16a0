/**
 * The edited code of each example, kept in the browser (localStorage) so that a reload
 * finds it, and the addresses in it. The preview fills in its own servers' addresses
 * (the echo server's port, the proxy's, the http server's), which differ from one `npm start` to the next
 * and from one machine to another: the code is kept with the addresses it was written
 * against, and `relocate` moves it to the servers of the preview that opens it. A
 * shared link (share-link.ts) carries the code the same way.
 */
import type { LocalServers } from './examples.js';

/** Code and the preview servers it was written against. */
export interface PortableCode {
  text: string;
  servers: LocalServers;
}

const PREFIX = 'ohos-netkit-preview:v1:code:';

/** The scheme, host and port of a ws:// or wss:// URL: what differs between previews. */
const originOf = (url: string): string | undefined => /^wss?:\/\/[^/?#]+/.exec(url)?.[0];

/** `code`'s text with its preview's addresses replaced by those of `servers`. */
export function relocate(code: PortableCode, servers: LocalServers): string {
  let text = code.text;
  const from = originOf(code.servers.echoUrl);
  const to = originOf(servers.echoUrl);
  if (from !== undefined && to !== undefined && from !== to) text = text.split(from).join(to);
  // The http server's host:port, scheme-less or not, wherever it stands in a string.
  const fromHttp = code.servers.httpHost;
  const toHttp = servers.httpHost;
  if (fromHttp !== undefined && toHttp !== undefined && fromHttp !== toHttp) {
    const quoted = fromHttp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`(["'\`](?:https?://)?)${quoted}(?![0-9])`, 'g'), `$1${toHttp}`);
  }
  const { host, port } = code.servers.proxy;
  if (port !== servers.proxy.port || host !== servers.proxy.host) {
    const quoted = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`(host: ')${quoted}(',\\s*port: )${port}\\b`, 'g'), `$1${servers.proxy.host}$2${servers.proxy.port}`);
  }
  return text;
}

/** Whether `value` is what `PortableCode` says (what comes from storage or a link is not trusted). */
export function isPortableCode(value: unknown): value is PortableCode {
  const code = value as PortableCode | null;
  return (
    typeof code === 'object' &&
    code !== null &&
    typeof code.text === 'string' &&
    typeof code.servers?.echoUrl === 'string' &&
    typeof code.servers.proxy?.host === 'string' &&
    typeof code.servers.proxy.port === 'number' &&
    (code.servers.httpHost === undefined || typeof code.servers.httpHost === 'string')
  );
}

/** The edited code of each example file, in `storage` (none: nothing is kept, e.g. storage turned off). */
export class SavedCode {
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined) {
    this.#storage = storage;
  }

  get(file: string): PortableCode | undefined {
    try {
      const value: unknown = JSON.parse(this.#storage?.getItem(PREFIX + file) ?? 'null');
      return isPortableCode(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps `code` for `file`; undefined forgets it (the code is the seed's again). */
  set(file: string, code: PortableCode | undefined): void {
    try {
      if (code === undefined) this.#storage?.removeItem(PREFIX + file);
      else this.#storage?.setItem(PREFIX + file, JSON.stringify(code));
    } catch {
      // Storage full or refused: the code stays in the editor, it is only not kept.
    }
  }
}
