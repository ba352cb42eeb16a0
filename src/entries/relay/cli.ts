import { describeFiles, describeTargets } from '../../relay/describe-relay-settings.js';
import { packageVersion } from '../../relay/package-version.js';
import { describeServers } from '../../web-socket/relay/describe-servers.js';
import { parseCliArgs, USAGE, type TokenSource } from './cli-args.js';
import { startRelay, type RelayOptions, type RelayServer } from './compose-relay.js';

/**
 * `ohos-netkit relay`: runs the dev relay until SIGINT/SIGTERM. Prints where it listens,
 * the token, what the relay may reach, read and bind, and the line that points a page
 * at it. A token the relay made goes to stdout for the developer only; one the
 * developer gave is not printed at all (it may come from a secret store). The relay's
 * log never contains either.
 */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCliArgs(argv, process.env);
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (command.kind === 'error') {
    process.stderr.write(`ohos-netkit: ${command.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const relay = await startRelay(command.options);
  process.stdout.write(startupLines(relay, command.options, command.tokenSource));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: the developer wants out now.
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the relay\n`);
    relay.close().then(
      () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      },
      (error: unknown) => {
        process.stderr.write(`ohos-netkit: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ohos-netkit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

/** What the developer needs once the relay listens; the settings in the words of --help. */
function startupLines(relay: RelayServer, options: RelayOptions, tokenSource: TokenSource): string {
  const generated = tokenSource === 'generated';
  const config = `globalThis.__OHOS_NETKIT_CONFIG__ = { relay: { url: ${jsString(relay.url)}, token: ${generated ? jsString(relay.token) : "'<your token>'"} } };`;
  return (
    `\nohos-netkit dev relay on ${relay.url}\n` +
    `token: ${generated ? relay.token : `given by ${tokenSource} (not printed)`}\n` +
    `targets: ${describeTargets(options.outbound ?? {})}\n` +
    `files: ${describeFiles(options.sandboxDir)}\n` +
    `app servers: ${describeServers(options.servers ?? {})}\n\n` +
    `Point the page at it${generated ? '' : ' with that token'} (before the ohos-netkit bundle loads):\n  ${config}\n\n` +
    'Press Ctrl+C to stop.\n'
  );
}

/** A single-quoted JavaScript string literal, for a line the developer pastes into a page. */
function jsString(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}
