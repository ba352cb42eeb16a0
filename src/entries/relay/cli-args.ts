import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFiles, describeTargets } from '../../relay/describe-relay-settings.js';
import { MIN_TOKEN_LENGTH, tokenProblem } from '../../relay/relay-options.js';
import { describeServers } from '../../web-socket/relay/describe-servers.js';
import type { RelayServerOptions } from '../../web-socket/relay/server-options.js';
import type { RelayOptions } from './compose-relay.js';

/** The environment variable that gives the relay a fixed token (the --token flag wins over it). */
export const TOKEN_ENV = 'OHOS_NETKIT_RELAY_TOKEN';

export const USAGE = `Usage: ohos-netkit relay [options]
       ohos-netkit --version

Starts the ohos-netkit dev relay: the page's webSocket connections that need what a
browser cannot do (headers, proxies, client certificates, device TLS rules) go through it,
and the app's WebSocketServers listen in it.

Options:
  --host <address>            address to listen on (default 127.0.0.1; anything else
                              exposes the relay to the network)
  --port <port>               port to listen on (default 0: a free one)
  --path <path>               URL path of the relay (default /ohos-netkit-relay)
  --token <token>             the token pages present, instead of a fresh random one per
                              run (with --port, a page's config can stay as it is): at
                              least ${MIN_TOKEN_LENGTH} letters, digits or !#$%&'*+-.^_\`|~, e.g. from
                              \`openssl rand -hex 16\`. ${TOKEN_ENV} gives it too,
                              out of sight of process listings; the flag wins. A token
                              given is never printed nor logged
  --allow-origin <origin>     page origin allowed to connect, exactly scheme://host[:port];
                              repeatable (default: http(s) on localhost, 127.0.0.1, [::1])
  --allow-host <host[:port]>  extra Host header accepted (DNS rebinding guard); repeatable
  --allow-target <host[:port]>
                              only these upstream targets (*.example.com allowed);
                              repeatable (default: "targets" below)
  --sandbox <dir>             directory standing in for the app's files: caPath, clientCert
                              and serverCert are read inside it (default: "files" below)
  --server-ports <free | app:port>
                              where the app's WebSocketServers listen: free (a free port
                              each), or app:port, repeatable, port 0 for a free one
                              (default: "app servers" below)
  --strict-tls                verify TLS fully, host name included (default: as the device)
  --max-receive-bytes <n>     largest upstream message (default 104857600)
  -v, --version               print the version
  -h, --help                  show this help

By default (at startup the relay prints what holds):
  targets: ${describeTargets({})}
  files: ${describeFiles(undefined)}
  app servers: ${describeServers({})}
`;

/** Where the relay's token comes from: the command prints a token only when it made it. */
export type TokenSource = 'generated' | '--token' | typeof TOKEN_ENV;

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'relay'; readonly options: RelayOptions; readonly tokenSource: TokenSource }
  | { readonly kind: 'error'; readonly message: string };

/** Reads `ohos-netkit relay …` arguments (argv without node and the script) and, for the token, the environment. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliCommand {
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
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'allow-target': { type: 'string', multiple: true },
        sandbox: { type: 'string' },
        'server-ports': { type: 'string', multiple: true },
        'strict-tls': { type: 'boolean' },
        'max-receive-bytes': { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
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
  let tokenSource: TokenSource = 'generated';
  const envToken = env[TOKEN_ENV];
  if (values.token !== undefined) tokenSource = '--token';
  else if (envToken !== undefined && envToken !== '') tokenSource = TOKEN_ENV;
  if (tokenSource !== 'generated') {
    const token = values.token ?? envToken ?? '';
    const problem = tokenProblem(token);
    if (problem !== undefined) return { kind: 'error', message: `${tokenSource}: ${problem}` };
    options.token = token;
  }
  if (values['server-ports'] !== undefined) {
    const ports = serverPorts(values['server-ports']);
    if ('problem' in ports) return { kind: 'error', message: ports.problem };
    options.servers = { ports: ports.ports };
  }
  if (values['allow-origin'] !== undefined) options.allowedOrigins = values['allow-origin'];
  if (values['allow-host'] !== undefined) options.allowedHosts = values['allow-host'];
  if (values['allow-target'] !== undefined) options.outbound = { allowHosts: values['allow-target'] };
  if (values.sandbox !== undefined) options.sandboxDir = resolve(values.sandbox);
  if (values['strict-tls'] === true) options.strictTls = true;
  return { kind: 'relay', options, tokenSource };
}

/** `free` alone, or `app:port` entries (port 0: a free one). */
function serverPorts(entries: readonly string[]): { ports: NonNullable<RelayServerOptions['ports']> } | { problem: string } {
  if (entries.includes('free')) {
    return entries.length === 1 ? { ports: 'free' } : { problem: '--server-ports free maps every port: it takes no app:port beside it' };
  }
  const ports: Record<number, number> = {};
  for (const entry of entries) {
    const [app, bound, ...rest] = entry.split(':').map(integer);
    if (app === undefined || bound === undefined || rest.length > 0 || app === 0 || app > 65535 || bound > 65535) {
      return { problem: `--server-ports takes free or app:port (app 1…65535, port 0…65535): ${entry}` };
    }
    ports[app] = bound;
  }
  return { ports };
}

function integer(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
