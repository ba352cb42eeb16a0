import { after, before } from 'node:test';
import type { RelayOptions, RelayServer } from '../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../entries/relay/testing/loopback-relay.js';
import type { Resolver } from '../net/outbound-policy.js';
import { CaptureLogger } from '../relay/testing/capture-logger.js';
import { startHttpTestServer, type HttpTestServer } from './http-test-server.js';

/** What an http relay suite runs against: a loopback relay, what it logged, and the HTTP test server behind it. */
export interface HttpRelayWorld {
  readonly server: HttpTestServer;
  readonly relay: RelayServer;
  readonly logger: CaptureLogger;
}

/**
 * Starts an HTTP test server and a loopback relay (logging into a CaptureLogger, with
 * `options`) before the tests of the enclosing `describe`, and stops both after them.
 * Call it in the `describe` body; read the parts in the tests, once `before` has run.
 */
export function useHttpRelayWorld(options: RelayOptions = {}, resolver?: Resolver): HttpRelayWorld {
  let started: HttpRelayWorld | undefined;
  before(async () => {
    const logger = new CaptureLogger();
    const server = await startHttpTestServer();
    const relay = await startLoopbackRelay({ logger, ...options }, resolver);
    started = { server, relay, logger };
  });
  after(async () => {
    await started?.relay.close();
    await started?.server.close();
  });
  const part = <Key extends keyof HttpRelayWorld>(key: Key): HttpRelayWorld[Key] => {
    if (started === undefined) throw new Error(`the http relay world's ${key} is read before it started`);
    return started[key];
  };
  return {
    get server() {
      return part('server');
    },
    get relay() {
      return part('relay');
    },
    get logger() {
      return part('logger');
    },
  };
}
