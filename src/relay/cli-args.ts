import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RelayOptions } from './relay-options.js';

export const USAGE = `Usage: ohos-netkit relay [options]

Starts the ohos-netkit dev relay: the page's webSocket connections that need what a
browser cannot do (headers, proxies, client certificates, device TLS rules) go through it.

Options:
  --host <address>            address to listen on (default 127.0.0.1; anything else
                              exposes the relay to the network)
  --port <port>               port to listen on (default 0: a free one)
  --path <path>               URL path of the relay (default /ohos-netkit-relay)
  --allow-origin <origin>     page origin allowed to connect, exactly scheme://host[:port];
                              repeatable (default: http(s) on localhost, 127.0.0.1, [::1])
  --allow-host <host[:port]>  extra Host header accepted (DNS rebinding guard); repeatable
  --allow-target <host[:port]>
                              only these upstream targets (*.example.com allowed);
                              repeatable (default: any, minus link-local and metadata)
  --sandbox <dir>             directory standing in for the app's files: caPath and
                              clientCert paths are read inside it (default: no file access)
  --strict-tls                verify TLS fully, host name included (default: as the device)
  --max-receive-bytes <n>     largest upstream message (default 104857600)
  -h, --help                  show this help
`;

export type CliCommand =
  { readonly kind: 'help' } | { readonly kind: 'relay'; readonly options: RelayOptions } | { readonly kind: 'error'; readonly message: string };

/** Reads `ohos-netkit relay …` arguments (argv without node and the script). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        path: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'allow-target': { type: 'string', multiple: true },
        sandbox: { type: 'string' },
        'strict-tls': { type: 'boolean' },
        'max-receive-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (positionals.length !== 1 || positionals[0] !== 'relay') {
    return { kind: 'error', message: positionals.length === 0 ? 'missing command: relay' : `unknown command: ${positionals.join(' ')}` };
  }

  const options: RelayOptions = {};
  if (values.host !== undefined) options.host = values.host;
  if (values.path !== undefined) options.path = values.path;
  if (values.port !== undefined) {
    const port = integer(values.port);
    if (port === undefined || port > 65535) return { kind: 'error', message: `--port must be 0…65535: ${values.port}` };
    options.port = port;
  }
  if (values['max-receive-bytes'] !== undefined) {
    const bytes = integer(values['max-receive-bytes']);
    if (bytes === undefined || bytes === 0)
      return { kind: 'error', message: `--max-receive-bytes must be a positive integer: ${values['max-receive-bytes']}` };
    options.maxReceiveBytes = bytes;
  }
  if (values['allow-origin'] !== undefined) options.allowedOrigins = values['allow-origin'];
  if (values['allow-host'] !== undefined) options.allowedHosts = values['allow-host'];
  if (values['allow-target'] !== undefined) options.outbound = { allowHosts: values['allow-target'] };
  if (values.sandbox !== undefined) options.sandboxDir = resolve(values.sandbox);
  if (values['strict-tls'] === true) options.strictTls = true;
  return { kind: 'relay', options };
}

function integer(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
