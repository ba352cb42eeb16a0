/**
 * test-browser/apps/arkts-app/http-and-ws.ts as the specs run it: in a page (its
 * http-and-ws.html, with ?api=<http origin>&server=<ws echo URL>), or imported by a
 * test in Node. What it prints, and how a server tells who sent a request.
 */
import type { Page } from '@playwright/test';
import type { ReceivedRequest } from '../../src/testing/http-test-server.js';

/** The module's steps, the same on every wire: its two http requests, then the WebSocket echo. */
export const HTTP_AND_WS_STEPS = [
  'headers application/json',
  'http 200 GET /echo',
  '@ohos.net.http 200 from-the-api',
  'ws message from-the-api',
  'ws close 1000 done',
  'done',
];

/** The page's query: where the module's API and its WebSocket echo service are. */
export const httpAndWsQuery = (apiOrigin: string, echoUrl: string): string =>
  `?${new URLSearchParams({ api: apiOrigin, server: echoUrl }).toString()}`;

/** Opens `url` (http-and-ws.html with its query) and collects the module's lines until "done" or a failure. */
export async function runHttpAndWsPage(page: Page, url: string): Promise<string[]> {
  const lines: string[] = [];
  const ended = new Promise<void>((resolve) => {
    page.on('console', (message) => {
      // Only the module's own lines: not ohos-netkit's notices, nor the dev server's.
      if (message.text().startsWith('[')) return;
      lines.push(message.text());
      if (message.text() === 'done' || message.text().startsWith('failed ')) resolve();
    });
  });
  await page.goto(url);
  await ended;
  return lines;
}

/** A header of a received request (names compared case-insensitively), or undefined. */
export function headerOf(request: ReceivedRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * Who sent it: a page's fetch sends an Origin to another origin and Fetch metadata
 * (Sec-Fetch-Mode); the relay and Node's engine send curl's header block, with neither.
 */
export function sentBy(request: ReceivedRequest): 'a page' | 'curl-like' {
  return headerOf(request, 'origin') !== undefined || headerOf(request, 'sec-fetch-mode') !== undefined ? 'a page' : 'curl-like';
}
