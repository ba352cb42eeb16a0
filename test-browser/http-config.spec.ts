/**
 * `ohos-netkit/config` applies to http as to webSocket (HTTP §13.2, §13.3), in a real
 * page: without a relay a request is the page's own fetch, and an option a page cannot
 * honour is warned about once or, strict, refused with 2300999; with a relay (its url and
 * token) every request goes through it, and with `useRelay: 'auto'` only those that need
 * it. Who sent a request is read at the server: a page's fetch carries an Origin and
 * Sec-Fetch-Mode, the relay's engine sends curl's header block.
 */
import type { Frame } from '@playwright/test';
import { startHttpTestServer, type HttpTestServer, type ReceivedRequest } from '../src/testing/http-test-server.js';
import { expect, test } from './fixtures.js';
import { headerOf, sentBy } from './support/http-and-ws-app.js';

let api: HttpTestServer;
test.beforeAll(async () => {
  api = await startHttpTestServer();
});
test.afterAll(async () => {
  await api.close();
});

/** A header only the relay (or a device) can send: a page's fetch drops Cookie. */
const WITH_COOKIE = { header: { Cookie: 'session=1' } };

/** Requests /echo in the frame with each of `optionsList`, in turn; returns each outcome and what the server got. */
async function requestEach(kit: Frame, optionsList: readonly object[]): Promise<{ outcomes: unknown[]; received: ReceivedRequest[] }> {
  const from = api.requests.length;
  const outcomes = await kit.evaluate(
    async ({ url, optionsList }) => {
      const outcomes: unknown[] = [];
      for (const options of optionsList) {
        outcomes.push(
          await globalThis.kit.http
            .createHttp()
            .request(url, options)
            .then(
              (response: { responseCode: number }) => response.responseCode,
              (error: { code: number; message: string }) => error,
            ),
        );
      }
      return outcomes;
    },
    { url: `${api.origin}/echo`, optionsList },
  );
  return { outcomes, received: api.requests.slice(from) };
}

/** For each request: who sent it, and the Cookie it carried. */
const senders = (received: readonly ReceivedRequest[]): unknown[] => received.map((request) => [sentBy(request), headerOf(request, 'cookie')]);

test('no relay: every request is the page fetch; a Cookie header is warned about once, naming it and the dev relay, and not sent', async ({
  kit,
  consoleLog,
}) => {
  const { outcomes, received } = await requestEach(kit, [{}, WITH_COOKIE, WITH_COOKIE]);
  expect(outcomes).toEqual([200, 200, 200]);
  expect(senders(received)).toEqual([
    ['a page', undefined],
    ['a page', undefined],
    ['a page', undefined],
  ]);
  expect(consoleLog.texts('warning')).toEqual([
    expect.stringMatching(/^\[ohos-netkit\] http: 'header' is not honoured in direct mode: .+\. The ohos-netkit dev relay provides it/),
  ]);
});

test('strict (set before the bundle, or with configure()): such a request fails with 2300999 naming the option and the relay, and sends nothing', async ({
  openConfiguredFrame,
  kit,
  consoleLog,
}) => {
  const strict = await openConfiguredFrame({ strict: true });
  const refused = await requestEach(strict, [WITH_COOKIE, {}]);
  expect(refused.outcomes).toEqual([{ code: 2300999, message: expect.stringMatching(/'header'.*relay/) }, 200]);
  expect(senders(refused.received)).toEqual([['a page', undefined]]);

  // configure() from ohos-netkit/config, at run time, as the README's snippet does it.
  await kit.evaluate(() => globalThis.kit.configure({ strict: true }));
  const configured = await requestEach(kit, [WITH_COOKIE]);
  expect(configured.outcomes).toEqual([{ code: 2300999, message: expect.stringMatching(/'header'.*relay/) }]);
  expect(configured.received).toEqual([]);
  expect(consoleLog.texts('warning')).toEqual([]);
});

test('a relay (url and token) without useRelay: every request goes through it, and the Cookie header arrives', async ({ relayAlwaysKit }) => {
  const { outcomes, received } = await requestEach(relayAlwaysKit, [{}, WITH_COOKIE]);
  expect(outcomes).toEqual([200, 200]);
  expect(senders(received)).toEqual([
    ['curl-like', undefined],
    ['curl-like', 'session=1'],
  ]);
});

test("useRelay 'always' (strict beside it changes nothing: the relay honours everything): every request goes through the relay", async ({
  openConfiguredFrame,
  relay,
}) => {
  const kit = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token }, useRelay: 'always', strict: true });
  const { outcomes, received } = await requestEach(kit, [{}, WITH_COOKIE]);
  expect(outcomes).toEqual([200, 200]);
  expect(senders(received)).toEqual([
    ['curl-like', undefined],
    ['curl-like', 'session=1'],
  ]);
});

test("useRelay 'auto': a plain request stays on the page fetch, one with a Cookie header goes through the relay, without a warning", async ({
  relayKit,
  consoleLog,
}) => {
  const { outcomes, received } = await requestEach(relayKit, [{}, WITH_COOKIE]);
  expect(outcomes).toEqual([200, 200]);
  expect(senders(received)).toEqual([
    ['a page', undefined],
    ['curl-like', 'session=1'],
  ]);
  expect(consoleLog.texts('warning')).toEqual([]);
});

test('a relay that refuses the token: the request fails as on a device without a network (2300007), and nothing reaches the server', async ({
  openConfiguredFrame,
  relay,
}) => {
  const kit = await openConfiguredFrame({ relay: { url: relay.url, token: 'f'.repeat(64) } });
  const { outcomes, received } = await requestEach(kit, [{}]);
  expect(outcomes).toEqual([{ code: 2300007, message: 'Failed to connect to the server' }]);
  expect(received).toEqual([]);
});

test('device conditions apply to http before any wire: no INTERNET permission is 201, a host outside an atomic service is 2300998; nothing is sent, relay or not', async ({
  openConfiguredFrame,
  relay,
}) => {
  const viaRelay = { relay: { url: relay.url, token: relay.token } };
  const denied = await requestEach(await openConfiguredFrame({ ...viaRelay, device: { internetPermission: false } }), [{}]);
  expect(denied.outcomes).toEqual([{ code: 201, message: 'Permission denied' }]);
  const atomic = await openConfiguredFrame({ device: { atomicServiceDomains: ['api.example.com'] } });
  const outside = await requestEach(atomic, [{}]);
  expect(outside.outcomes).toEqual([{ code: 2300998, message: 'It is not allowed to access this domain' }]);
  expect([...denied.received, ...outside.received]).toEqual([]);
  // Its own domain passes the check (the loopback server stands for it).
  const inside = await requestEach(await openConfiguredFrame({ device: { atomicServiceDomains: ['127.0.0.1'] } }), [{}]);
  expect(inside.outcomes).toEqual([200]);
});
