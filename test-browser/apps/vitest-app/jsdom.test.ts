// @vitest-environment jsdom
// jsdom, the other DOM Vitest emulates in Node: the code still runs in Node, and gets
// the Node build.
import { expect, test } from 'vitest';
import { echoOnce } from './echo-client';

test('connects with a header, and a message round-trips', async () => {
  expect(typeof document).toBe('object');
  expect(await echoOnce(process.env.ECHO_SERVER_URL ?? '', { 'X-Test-Runner': 'vitest (jsdom)' }, 'hello from jsdom')).toEqual([
    ['open', { status: 101, message: 'Switching Protocols' }],
    ['message', 'hello from jsdom'],
    ['close', { code: 1000, reason: 'done' }],
  ]);
});
