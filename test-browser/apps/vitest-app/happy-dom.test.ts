// @vitest-environment happy-dom
// A DOM emulated in Node (Vitest resolves modules for it as for a page): the code still
// runs in Node, and gets the Node build.
import { expect, test } from 'vitest';
import { echoOnce } from './echo-client';

test('connects with a header, and a message round-trips', async () => {
  expect(typeof document).toBe('object');
  expect(await echoOnce(process.env.ECHO_SERVER_URL ?? '', { 'X-Test-Runner': 'vitest (happy-dom)' }, 'hello from happy-dom')).toEqual([
    ['open', { status: 101, message: 'Switching Protocols' }],
    ['message', 'hello from happy-dom'],
    ['close', { code: 1000, reason: 'done' }],
  ]);
});
