/**
 * The device-behaviour suite (conformance/) in real Chromium, on the browser's two
 * wires: direct mode (the page's own WebSocket) and through the dev relay (every
 * connection, the default with a relay). The same cases run in Node on the Node entry
 * and over mock-socket (conformance/node-wires.test.ts).
 */
import { casesOn, type CaseInput, type Wire } from '../conformance/case.js';
import { CASE_GROUPS } from '../conformance/cases/index.js';
import { expect, test } from './fixtures.js';

const BROWSER_WIRES: readonly Wire[] = ['direct', 'relay'];

for (const wire of BROWSER_WIRES) {
  test.describe(`device conformance on the ${wire} wire`, () => {
    for (const group of CASE_GROUPS) {
      test.describe(group.section, () => {
        for (const testCase of casesOn(group, wire)) {
          test(testCase.title, async ({ openConfiguredFrame, servers, listener, relay }) => {
            const config = wire === 'relay' ? { relay: { url: relay.url, token: relay.token }, ...testCase.config } : { ...testCase.config };
            const frame = await openConfiguredFrame(config);
            const input: CaseInput = { server: servers.upstream, refused: servers.refused, silent: listener.url, wire };
            expect(await frame.evaluate(testCase.run, input)).toEqual(testCase.expect);
          });
        }
      });
    }
  });
}
