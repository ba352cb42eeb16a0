/**
 * http in direct mode (HTTP §5, §13.1): a response's performanceTiming in a page comes
 * from the browser's Resource Timing entry when it has one by the time the body is read,
 * and otherwise from the page's own clock (when the headers and the last byte came).
 * Neither is ever missing: the browser files many entries only after the page has read
 * the body, and keeps 250, so before the clock most requests, and every one after the
 * 250th, timed 0.
 */
import { startHttpTestServer, type HttpTestServer } from '../src/testing/http-test-server.js';
import { expect, test } from './fixtures.js';

let api: HttpTestServer;
test.beforeAll(async () => {
  api = await startHttpTestServer();
});
test.afterAll(async () => {
  await api.close();
});

test('every request in a row of 300 has its first receive and its total timed, the ones past the browser’s 250 entries too', async ({ kit }) => {
  const timings = await kit.evaluate(async (url) => {
    const seen: Array<{ firstReceive: number; totalFinish: number }> = [];
    for (let index = 0; index < 300; index += 1) {
      const response = await globalThis.kit.http.createHttp().request(`${url}&n=${index}`);
      const timing = response.performanceTiming as Record<string, number>;
      seen.push({ firstReceive: timing.firstReceiveTiming ?? -1, totalFinish: timing.totalFinishTiming ?? -1 });
    }
    return seen;
  }, `${api.origin}/text?body=hello`);
  expect(timings).toHaveLength(300);
  const untimed = timings.flatMap((timing, index) =>
    timing.firstReceive > 0 && timing.totalFinish >= timing.firstReceive ? [] : [{ index, ...timing }],
  );
  expect(untimed).toEqual([]);
});
