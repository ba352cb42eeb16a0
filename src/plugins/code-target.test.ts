import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeTarget, isVitestNodeServer } from './code-target.js';

const server = (...names: string[]) => ({ plugins: names.map((name) => ({ name })) });

test("a page gets the browser build: no ssr flag, or Vite's client environment", () => {
  assert.equal(codeTarget({}, false), 'browser');
  assert.equal(codeTarget({ ssr: false, environment: { config: { consumer: 'client' } } }, false), 'browser');
});

test("code that runs in Node gets the Node build: Vite's ssr flag (every version), a server environment (Vite 6+)", () => {
  assert.equal(codeTarget({ ssr: true }, false), 'node');
  assert.equal(codeTarget({ environment: { config: { consumer: 'server' } } }, false), 'node');
});

test("Vitest's own server gets the Node build in every environment, jsdom and happy-dom ones (a client consumer) too", () => {
  assert.equal(codeTarget({ ssr: false, environment: { config: { consumer: 'client' } } }, true), 'node');
});

test("Vitest's server is told apart by its plugins; its browser mode (tests in a real page) is not a Node server", () => {
  assert.equal(isVitestNodeServer(server('vite:esbuild', 'ohos-netkit')), false);
  assert.equal(isVitestNodeServer(server('vitest', 'ohos-netkit')), true);
  assert.equal(isVitestNodeServer(server('vitest:project', 'ohos-netkit')), true);
  assert.equal(isVitestNodeServer(server('vitest:browser', 'vitest', 'ohos-netkit')), false);
});
