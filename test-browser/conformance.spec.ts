/**
 * The device-behaviour suite (conformance/) in real Chromium, on the browser's two
 * wires: direct mode (the page's own WebSocket) and through the dev relay (every
 * connection, the default with a relay). The same cases run in Node on the Node entry
 * and over mock-socket (conformance/node-wires.test.ts).
 */
import { expectationOn, type CaseInput, type Wire } from '../conformance/case.js';
import { CASE_GROUPS } from '../conformance/cases/index.js';
import { expect, test } from './fixtures.js';

const BROWSER_WIRES: readonly Wire[] = ['direct', 'relay'];

for (const wire of BROWSER_WIRES) {
  test.describe(`device conformance on the ${wire} wire`, () => {
    for (const group of CASE_GROUPS) {
      test.describe(group.section, () => {
        for (const testCase of group.cases) {
          const unsupported = testCase.unsupported?.[wire];
          const { expect: expected, difference } = expectationOn(testCase, wire);
          const title = difference === undefined ? testCase.title : `${testCase.title} [differs here: ${difference}]`;
          test(title, async ({ openConfiguredFrame, servers, listener, relay }) => {
            test.skip(unsupported !== undefined, `not on this wire: ${unsupported}`);
            const config = wire === 'relay' ? { relay: { url: relay.url, token: relay.token }, ...testCase.config } : { ...testCase.config };
            const frame = await openConfiguredFrame(config);
            const input: CaseInput = { server: servers.upstream, refused: servers.refused, silent: listener.url, wire };
            expect(await frame.evaluate(testCase.run, input)).toEqual(expected);
          });
        }
      });
    }
  });
}
