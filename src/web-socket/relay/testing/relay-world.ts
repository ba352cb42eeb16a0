import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type WebSocket from 'ws';
import type { Resolver } from '../../../net/outbound-policy.js';
import type { RelayOptions, RelayServer } from '../../../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../../../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from '../../../relay/testing/capture-logger.js';
import { RelayTestClient } from './relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../../../testing/upstream-server.js';
import { nextEvent, within } from '../../../testing/within.js';

/** Both ends of one relayed connection, open. */
export interface RelayedConnection {
  /** The page's side. */
  client: RelayTestClient;
  /** The upstream server's side. */
  server: WebSocket;
}

/** A loopback relay and an upstream server, shared by the tests of one describe block. */
export interface RelayWorld {
  readonly relay: RelayServer;
  readonly upstream: UpstreamServer;
  readonly logger: CaptureLogger;
  /**
   * Opens a connection through the relay to `path` on the upstream (by default one the
   * server leaves to the test) and resolves once both ends are open.
   */
  open(path?: string): Promise<RelayedConnection>;
}

/**
 * Starts the world before the block's tests and closes it after them. Call it in a
 * describe block, before its tests. The relay logs to the world's logger; `resolver`
 * stands in for DNS (see startRelayWith).
 */
export function useRelayWorld(options: Omit<RelayOptions, 'logger'> = {}, resolver?: Resolver): RelayWorld {
  let relay: RelayServer | undefined;
  let upstream: UpstreamServer | undefined;
  const logger = new CaptureLogger();
  before(async () => {
    upstream = await startUpstreamServer();
    relay = await startLoopbackRelay({ ...options, logger }, resolver);
  });
  after(async () => {
    await relay?.close();
    await upstream?.close();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the relay world starts in before(): use it inside a test');
    return part;
  };
  return {
    get relay() {
      return started(relay);
    },
    get upstream() {
      return started(upstream);
    },
    logger,
    async open(path = '/driven') {
      const server = started(upstream);
      const connection = nextEvent<[WebSocket]>(server, 'connection');
      const client = await RelayTestClient.connect(started(relay), `${server.origin}${path}`);
      assert.equal((await client.handshake()).at(-1)?.op, 'opened');
      const [serverSide] = await within(connection, 5000, 'the upstream connection');
      return { client, server: serverSide };
    },
  };
}
