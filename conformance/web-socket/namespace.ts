import { freePort } from '../../src/testing/free-port.js';
import { startUpstreamServer } from '../../src/testing/upstream-server.js';
import { startHangingListener } from '../../test-browser/servers/hanging-listener.js';
import type { Wire } from '../case.js';
import type { ConformanceNamespace, StartedInputs } from '../namespace.js';
import { WEB_SOCKET_GROUPS } from './cases/index.js';
import type { WebSocketInputs } from './inputs.js';
import { installMockGrammar, MOCK_REFUSED, MOCK_SERVER, MOCK_SILENT } from './mock-grammar.js';

/**
 * Real servers on loopback: the upstream grammar's server, a listener that never answers,
 * a port nobody listens on. A start that fails half-way stops what it had started.
 */
async function startLoopbackInputs(): Promise<StartedInputs<WebSocketInputs>> {
  const upstream = await startUpstreamServer();
  const silent = await startHangingListener().catch(async (error: unknown) => {
    await upstream.close();
    throw error;
  });
  const stop = async (): Promise<void> => {
    await Promise.all([upstream.close(), silent.close()]);
  };
  // Picked once the servers above listen, so that it cannot be one of theirs.
  const refusedPort = await freePort().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { inputs: { server: upstream.origin, refused: `ws://127.0.0.1:${refusedPort}`, silent: silent.url }, stop };
}

/** The mock wire's network: the page's WebSocket becomes mock-socket, playing the grammar at mock addresses. */
async function startMockInputs(): Promise<StartedInputs<WebSocketInputs>> {
  const uninstall = installMockGrammar();
  return {
    inputs: { server: MOCK_SERVER, refused: MOCK_REFUSED, silent: MOCK_SILENT },
    async stop() {
      uninstall();
    },
  };
}

/** The webSocket namespace (docs/websocket-behavior.md): on every wire, the mock one included. */
export const WEB_SOCKET: ConformanceNamespace<WebSocketInputs> = {
  name: 'webSocket',
  groups: WEB_SOCKET_GROUPS,
  wires: ['mock', 'direct', 'relay', 'node'],
  start(wire: Wire) {
    return wire === 'mock' ? startMockInputs() : startLoopbackInputs();
  },
};
