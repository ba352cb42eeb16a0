import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import * as browserIndex from '../entries/browser/index.js';
import * as browserHttpNamespace from '../entries/browser/ohos-net-http.js';
import * as browserNamespace from '../entries/browser/ohos-net-web-socket.js';
import * as basicServices from '../entries/basic-services-kit.js';
import * as nodeIndex from '../entries/node/index.js';
import * as nodeHttpNamespace from '../entries/node/ohos-net-http.js';
import * as nodeNamespace from '../entries/node/ohos-net-web-socket.js';
import { CONFIG_GLOBAL } from '../core/netkit-config.js';
import { entryFile, parseVirtualModuleId, SETTINGS_MODULE, settingsModuleSource, virtualModuleId, virtualModuleSource } from './arkts-modules.js';

test('the virtual module re-exports exactly what each entry exports, in both builds', () => {
  const reexports = (target: 'browser' | 'node', source: string) => ({
    named: virtualModuleSource(target, source).includes('export * from'),
    default: virtualModuleSource(target, source).includes('export { default } from'),
  });
  const exported = (entry: object) => ({ named: Object.keys(entry).some((key) => key !== 'default'), default: Object.hasOwn(entry, 'default') });
  assert.deepEqual(reexports('browser', '@kit.NetworkKit'), exported(browserIndex));
  assert.deepEqual(reexports('node', '@kit.NetworkKit'), exported(nodeIndex));
  assert.deepEqual(reexports('browser', '@ohos.net.webSocket'), exported(browserNamespace));
  assert.deepEqual(reexports('node', '@ohos.net.webSocket'), exported(nodeNamespace));
  assert.deepEqual(reexports('browser', '@ohos.net.http'), exported(browserHttpNamespace));
  assert.deepEqual(reexports('node', '@ohos.net.http'), exported(nodeHttpNamespace));
  assert.deepEqual(reexports('browser', '@kit.BasicServicesKit'), exported(basicServices));
});

test("the virtual module imports the settings first, then the target's own build", () => {
  const source = virtualModuleSource('node', '@kit.NetworkKit');
  assert.equal(source.split('\n')[0], `import ${JSON.stringify(SETTINGS_MODULE)};`);
  assert.ok(source.includes(JSON.stringify(entryFile('node', '@kit.NetworkKit'))));
  assert.match(entryFile('node', '@kit.NetworkKit'), /[/\\]node[/\\]index\.js$/);
  assert.match(entryFile('browser', '@ohos.net.webSocket'), /[/\\]browser[/\\]ohos\.net\.webSocket\.js$/);
  assert.match(entryFile('node', '@ohos.net.http'), /[/\\]node[/\\]ohos\.net\.http\.js$/);
});

test('virtual ids name the target and the ArkTS module; any other id is not ours', () => {
  assert.deepEqual(parseVirtualModuleId(virtualModuleId('browser', '@ohos.net.webSocket')), { target: 'browser', source: '@ohos.net.webSocket' });
  assert.deepEqual(parseVirtualModuleId(virtualModuleId('node', '@kit.NetworkKit')), { target: 'node', source: '@kit.NetworkKit' });
  assert.equal(parseVirtualModuleId('\0ohos-netkit:node/@kit.Unknown'), undefined);
  assert.equal(parseVirtualModuleId('\0ohos-netkit:deno/@kit.NetworkKit'), undefined);
  assert.equal(parseVirtualModuleId('/src/main.ts'), undefined);
  assert.equal(parseVirtualModuleId(SETTINGS_MODULE), undefined);
});

test("the settings go under what the page has set: merged key by key, the page's own values win", () => {
  const run = (before: unknown) => {
    const context: Record<string, unknown> = { [CONFIG_GLOBAL]: before };
    context.globalThis = context;
    runInNewContext(settingsModuleSource({ strict: true, useRelay: 'always' }), context);
    return JSON.parse(JSON.stringify(context[CONFIG_GLOBAL]));
  };
  assert.deepEqual(run(undefined), { strict: true, useRelay: 'always' });
  assert.deepEqual(run({ useRelay: 'auto', relay: { url: 'ws://127.0.0.1:1/r', token: 't' } }), {
    strict: true,
    useRelay: 'auto',
    relay: { url: 'ws://127.0.0.1:1/r', token: 't' },
  });
});
