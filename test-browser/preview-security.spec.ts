import { request } from 'node:http';
import { expect, test } from '@playwright/test';
import { startPreview, type Preview } from '../preview/serve.js';

// The preview hands its pages the relay's token (GET /preview-config.json): only its own
// pages may have it. The relay's rules apply: Host names of this machine only (against
// DNS rebinding), and an Origin, when a request carries one, of the preview itself.

let preview: Preview;
test.beforeAll(async () => {
  preview = await startPreview(0);
});
test.afterAll(async () => {
  await preview.close();
});

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { port } = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers, setHost: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

test('the preview config (with the relay token) is for the preview’s own origin only', async () => {
  const own = new URL(preview.url).host;
  const mine = await get('/preview-config.json', { host: own });
  expect(mine.status).toBe(200);
  expect(mine.body).toContain(preview.relay.token);

  for (const headers of [
    { host: `evil.example:${new URL(preview.url).port}` },
    { host: 'evil.example' },
    { host: own, origin: 'http://evil.example' },
    { host: own, origin: `http://localhost:${Number(new URL(preview.url).port) + 1}` },
  ]) {
    const answer = await get('/preview-config.json', headers);
    expect(answer.status, JSON.stringify(headers)).toBe(403);
    expect(answer.body).not.toContain(preview.relay.token);
  }
  // Pages are served to this machine's names only, too.
  expect((await get('/', { host: 'evil.example' })).status).toBe(403);
  expect((await get('/', { host: own })).status).toBe(200);
});

/** A request to the preview's local HTTP server (the http example's www.example.com), as a page of `origin` sends it. */
function askHttpServer(
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: preview.http.port, path: '/', method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

test('the local HTTP server lets the preview’s own pages read its answers, and no other origin', async () => {
  const port = new URL(preview.url).port;
  expect(preview.http.host).toBe(`127.0.0.1:${preview.http.port}`);
  for (const own of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
    const answer = await askHttpServer('GET', { origin: own });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(own);
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'GET', path: '/' });
    // A preflight (a request with the app's headers) is answered for what it asks.
    const preflight = await askHttpServer('OPTIONS', {
      origin: own,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(own);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
  }
  for (const other of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, 'null']) {
    const answer = await askHttpServer('GET', { origin: other });
    expect(answer.headers['access-control-allow-origin'], other).toBeUndefined();
    const preflight = await askHttpServer('OPTIONS', { origin: other, 'access-control-request-method': 'POST' });
    expect(preflight.headers['access-control-allow-origin'], other).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods'], other).toBeUndefined();
  }
});
