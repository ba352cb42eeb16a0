import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configure } from '../src/core/netkit-config.js';
import { serverAddress } from '../src/core/server-addresses.js';
import browserNetworkKit from '../src/entries/browser/index.js';
import nodeNetworkKit from '../src/entries/node/index.js';
import { installPageHelpers, type PageKit } from '../test-browser/support/page-helpers.js';
import { casesOn, type CaseInput, type Wire } from './case.js';
import type { ConformanceNamespace } from './namespace.js';
import { NAMESPACES } from './namespaces.js';

// The device-behaviour suite on the wires that run in Node: the Node entry (against the
// namespace's real loopback servers) and the browser build's direct mode over the test
// tool's network the namespace installs (mock). The same cases run in Chromium, direct
// and through the relay (test-browser/conformance.spec.ts).

const CONFIG_GLOBAL = '__OHOS_NETKIT_CONFIG__';

/**
 * The wires that run in Node, and what `globalThis.kit` is on each: every namespace of
 * the entry the wire stands for, with ohos-netkit/config's functions, as the harness
 * page has them.
 */
const NODE_WIRES: ReadonlyArray<readonly [Wire, PageKit]> = [
  ['node', keepingWhatItMakes({ ...nodeNetworkKit, configure, serverAddress } as unknown as PageKit)],
  ['mock', keepingWhatItMakes({ ...browserNetworkKit, configure, serverAddress } as unknown as PageKit)],
];

/** What the kits made, kept reachable for the run: see keepingWhatItMakes. */
const kept: unknown[] = [];

/**
 * The kit with every client and server it makes kept reachable, as the harness page
 * keeps them (test-browser/harness/index.html): a case often keeps nothing of an object
 * but a pending wait on it, and the kit stops an object its code can no longer reach
 * once it is collected (WS §4 "GC"), whenever the collector runs.
 */
function keepingWhatItMakes(kit: PageKit): PageKit {
  const keeping =
    <Args extends unknown[], Made>(make: (...args: Args) => Made) =>
    (...args: Args): Made => {
      const made = make(...args);
      kept.push(made);
      return made;
    };
  const webSocket = {
    ...kit.webSocket,
    createWebSocket: keeping(kit.webSocket.createWebSocket),
    createWebSocketServer: keeping(kit.webSocket.createWebSocketServer),
  };
  return { ...kit, webSocket };
}

function runOnWire(namespace: ConformanceNamespace<object>, wire: Wire, kit: PageKit): void {
  const groups = namespace.groups.map((group) => ({ section: group.section, cases: casesOn(group, wire) })).filter((group) => group.cases.length > 0);
  // A namespace whose cases are still to come starts nothing.
  if (groups.length === 0) return;
  describe(`${namespace.name}: device conformance on the ${wire} wire`, { timeout: 120_000 }, () => {
    let input: CaseInput<object>;
    let stop: (() => Promise<void>) | undefined;
    before(async () => {
      const started = await namespace.start(wire);
      stop = () => started.stop();
      input = { ...started.inputs, wire };
    });
    after(() => stop?.());

    for (const group of groups) {
      describe(group.section, () => {
        for (const testCase of group.cases) {
          it(testCase.title, async () => {
            const globals = globalThis as Record<string, unknown>;
            const saved = { kit: globals.kit, helpers: globals.helpers, config: globals[CONFIG_GLOBAL] };
            globals.kit = kit;
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

for (const namespace of NAMESPACES) {
  for (const [wire, kit] of NODE_WIRES) if (namespace.wires.includes(wire)) runOnWire(namespace, wire, kit);
}
