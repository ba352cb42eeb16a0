/**
 * The device-behaviour suite (conformance/) in real Chromium, on the browser's two
 * wires: direct mode (the page's own network) and through the dev relay (every
 * connection, the default with a relay), for each namespace that has them. The same
 * cases run in Node on the Node entry and over the mock (conformance/node-wires.test.ts).
 * What a case reaches is its namespace's business (conformance/in-chromium.ts): here,
 * only the wire's configuration and a fresh frame per test.
 */
import { casesOn, type Wire } from '../conformance/case.js';
import type { NamespaceInChromium } from '../conformance/in-chromium.js';
import { NAMESPACES_IN_CHROMIUM } from '../conformance/namespaces-in-chromium.js';
import { expect } from './fixtures.js';

const BROWSER_WIRES: readonly Wire[] = ['direct', 'relay'];

function runOnWire({ namespace, test }: NamespaceInChromium<object>, wire: Wire): void {
  test.describe(`${namespace.name}: device conformance on the ${wire} wire`, () => {
    for (const group of namespace.groups) {
      test.describe(group.section, () => {
        for (const testCase of casesOn(group, wire)) {
          test(testCase.title, async ({ openConfiguredFrame, relay, caseInputOn }) => {
            const config = wire === 'relay' ? { relay: { url: relay.url, token: relay.token }, ...testCase.config } : { ...testCase.config };
            const frame = await openConfiguredFrame(config);
            expect(await frame.evaluate(testCase.run, await caseInputOn(wire))).toEqual(testCase.expect);
          });
        }
      });
    }
  });
}

for (const inChromium of NAMESPACES_IN_CHROMIUM) {
  for (const wire of BROWSER_WIRES) if (inChromium.namespace.wires.includes(wire)) runOnWire(inChromium, wire);
}
