import { parseCliArgs, USAGE } from './cli-args.js';
import { startRelay } from './start-relay.js';

/**
 * `ohos-netkit relay`: runs the dev relay until SIGINT/SIGTERM. Prints where it listens,
 * the token, and the line that points a page at it. The token goes to stdout for the
 * developer only; the relay's log never contains it.
 */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command.kind === 'error') {
    process.stderr.write(`ohos-netkit: ${command.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const relay = await startRelay(command.options);
  const config = `globalThis.__OHOS_NETKIT_CONFIG__ = { relay: { url: '${relay.url}', token: '${relay.token}' } };`;
  process.stdout.write(
    `\nohos-netkit dev relay on ${relay.url}\n` +
      `token: ${relay.token}\n\n` +
      `Point the page at it (before the ohos-netkit bundle loads):\n  ${config}\n\n` +
      'Press Ctrl+C to stop.\n',
  );

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
