// Vitest's default environment: Node.
import { expect, test } from 'vitest';
import { echoOnce } from './echo-client';

test('connects with a header, and a message round-trips', async () => {
  expect(await echoOnce(process.env.ECHO_SERVER_URL ?? '', { 'X-Test-Runner': 'vitest (node)' }, 'hello from node')).toEqual([
    ['open', { status: 101, message: 'Switching Protocols' }],
    ['message', 'hello from node'],
    ['close', { code: 1000, reason: 'done' }],
  ]);
});
