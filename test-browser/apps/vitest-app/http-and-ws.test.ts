// The arkts-app's http-and-ws.ts (copied beside this file as it is, by the spec that
// runs this app), under Vitest's default environment: Node, whose build performs http
// natively, with the engine the dev relay uses.
import { expect, test } from 'vitest';
import { fetchThenEcho } from './http-and-ws';

test('an ArkTS module using http and webSocket together runs unchanged', async () => {
  const lines: string[] = [];
  await new Promise<void>((resolve) =>
    fetchThenEcho(process.env.API_SERVER_ORIGIN ?? '', process.env.ECHO_SERVER_URL ?? '', (line) => {
      lines.push(line);
      if (line === 'done' || line.startsWith('failed ')) resolve();
    }),
  );
  expect(lines).toEqual([
    'headers application/json',
    'http 200 GET /echo',
    '@ohos.net.http 200 from-the-api',
    'ws message from-the-api',
    'ws close 1000 done',
    'done',
  ]);
});
