import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configure } from '../src/core/netkit-config.js';
import { serverAddress } from '../src/core/server-addresses.js';
import { webSocket as browserWebSocket } from '../src/entries/browser/web-socket.js';
import { webSocket as nodeWebSocket } from '../src/entries/node/web-socket.js';
import { freePort } from '../src/testing/free-port.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { startHangingListener, type HangingListener } from '../test-browser/servers/hanging-listener.js';
import { installPageHelpers, type PageKit } from '../test-browser/support/page-helpers.js';
import { casesOn, type CaseInput, type Wire } from './case.js';
import { CASE_GROUPS } from './cases/index.js';
import { installMockGrammar, MOCK_REFUSED, MOCK_SERVER, MOCK_SILENT } from './mock-grammar.js';

// The device-behaviour suite on the wires that run in Node: the Node entry (real
// loopback servers) and the browser build's direct mode over mock-socket. The same
// cases run in Chromium, direct and through the relay (test-browser/conformance.spec.ts).

const CONFIG_GLOBAL = '__OHOS_NETKIT_CONFIG__';

interface NodeWire {
  readonly wire: Wire;
  readonly kit: PageKit;
  start(): Promise<Omit<CaseInput, 'wire'>>;
  stop(): Promise<void>;
}

function nodeEntryWire(): NodeWire {
  let upstream: UpstreamServer | undefined;
  let silent: HangingListener | undefined;
  return {
    wire: 'node',
    kit: { webSocket: nodeWebSocket, configure, serverAddress } as unknown as PageKit,
    async start() {
      upstream = await startUpstreamServer();
      silent = await startHangingListener();
      return { server: upstream.origin, refused: `ws://127.0.0.1:${await freePort()}`, silent: silent.url };
    },
    async stop() {
      await Promise.all([upstream?.close(), silent?.close()]);
    },
  };
}

function mockWire(): NodeWire {
  let uninstall: (() => void) | undefined;
  return {
    wire: 'mock',
    kit: { webSocket: browserWebSocket, configure, serverAddress } as unknown as PageKit,
    async start() {
      uninstall = installMockGrammar();
      return { server: MOCK_SERVER, refused: MOCK_REFUSED, silent: MOCK_SILENT };
    },
    async stop() {
      uninstall?.();
    },
  };
}

for (const wire of [nodeEntryWire(), mockWire()]) {
  describe(`device conformance on the ${wire.wire} wire`, { timeout: 120_000 }, () => {
    let input: CaseInput;
    before(async () => {
      input = { ...(await wire.start()), wire: wire.wire };
    });
    after(() => wire.stop());

    for (const group of CASE_GROUPS) {
      describe(group.section, () => {
        for (const testCase of casesOn(group, wire.wire)) {
          it(testCase.title, async () => {
            const globals = globalThis as Record<string, unknown>;
            const saved = { kit: globals.kit, helpers: globals.helpers, config: globals[CONFIG_GLOBAL] };
            globals.kit = wire.kit;
            globals[CONFIG_GLOBAL] = { ...testCase.config };
            installPageHelpers();
            try {
              assert.deepEqual(await testCase.run(input), testCase.expect);
            } finally {
              globals.kit = saved.kit;
              globals.helpers = saved.helpers;
              globals[CONFIG_GLOBAL] = saved.config;
            }
          });
        }
      });
    }
  });
}
