import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startHttpTestServer } from './http-test-server.js';

/** One request with node:http (which adds no Origin of its own); the answer's status, raw header lines and body. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; raw: string[]; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, raw: response.rawHeaders, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

test('a request without an Origin (curl, the relay) gets no CORS header', async (t) => {
  const server = await startHttpTestServer();
  t.after(() => server.close());
  const answer = await send(`${server.origin}/headers?X-A=one&X-A=two`, 'GET', {});
  assert.deepEqual(
    answer.raw.filter((line) => /^access-control-|^vary$/i.test(line)),
    [],
  );
  assert.equal(server.requests.length, 1);
});

test("a page's request gets CORS answers: a preflight allowed and not recorded, the answer readable, its own lines kept", async (t) => {
  const server = await startHttpTestServer();
  t.after(() => server.close());
  const origin = 'http://127.0.0.1:1';
  const preflight = await send(`${server.origin}/echo`, 'OPTIONS', {
    Origin: origin,
    'Access-Control-Request-Method': 'PATCH',
    'Access-Control-Request-Headers': 'x-a, content-type',
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], origin);
  assert.equal(preflight.headers['access-control-allow-methods'], 'PATCH');
  assert.equal(preflight.headers['access-control-allow-headers'], 'x-a, content-type');
  assert.equal(server.requests.length, 0);

  const answer = await send(`${server.origin}/headers?X-A=one&X-A=two`, 'GET', { Origin: origin });
  assert.equal(answer.headers['access-control-allow-origin'], origin);
  assert.equal(answer.headers['access-control-expose-headers'], '*');
  // The scenario's duplicate lines stay two lines, in their order.
  assert.deepEqual(
    answer.raw.flatMap((line, index) => (index % 2 === 0 && line === 'X-A' ? [answer.raw[index + 1]] : [])),
    ['one', 'two'],
  );
  // A raw answer written by hand (a body cut short) gets them too.
  const raw = await new Promise<string>((resolve, reject) => {
    let text = '';
    const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET /length-mismatch HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\n\r\n`));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(raw, new RegExp(`^HTTP/1\\.1 200 OK\r\n(?:.*\r\n)*Access-Control-Allow-Origin: ${origin}\r\n(?:.*\r\n)*\r\nx{50}$`));
  assert.equal(server.requests.length, 2);
});
