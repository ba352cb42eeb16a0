// App code as an OpenHarmony app has it: the import is the device SDK's, and only the
// app's vite.config.ts (networkKit()) makes it resolve under Vitest.
import { webSocket } from '@kit.NetworkKit';

/**
 * Connects with a handshake header, sends `text`, closes on the answer; returns the
 * events in order. An error ends it too, so that a failure shows what came instead.
 */
export async function echoOnce(url: string, header: Record<string, string>, text: string): Promise<unknown[]> {
  const ws = webSocket.createWebSocket();
  const seen: unknown[] = [];
  const ended = new Promise<void>((resolve) => {
    ws.on('open', (err, value) => {
      seen.push(['open', value]);
      ws.send(text);
    });
    ws.on('message', (err, value) => {
      seen.push(['message', value]);
      ws.close({ code: 1000, reason: 'done' });
    });
    ws.on('error', (err) => {
      seen.push(['error', err]);
      resolve();
    });
    ws.on('close', (err, value) => {
      seen.push(['close', value]);
      resolve();
    });
  });
  await ws.connect(url, { header });
  await ended;
  return seen;
}
