import { freePort } from '../../src/testing/free-port.js';
import { startHttpTestServer } from '../../src/testing/http-test-server.js';
import type { Wire } from '../case.js';
import type { ConformanceNamespace, StartedInputs } from '../namespace.js';
import { HTTP_GROUPS } from './cases/index.js';
import type { HttpInputs } from './inputs.js';

/** The http namespace (docs/http-behavior.md): the users' wires, and no mock (mock-socket plays WebSocket only). */
export const HTTP: ConformanceNamespace<HttpInputs> = {
  name: 'http',
  groups: HTTP_GROUPS,
  wires: ['direct', 'relay', 'node'],
  async start(_wire: Wire): Promise<StartedInputs<HttpInputs>> {
    const server = await startHttpTestServer();
    // Picked once the server listens, so that it cannot be the server's.
    const refusedPort = await freePort().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    return { inputs: { server: server.origin, refused: `http://127.0.0.1:${refusedPort}` }, stop: () => server.close() };
  },
};
