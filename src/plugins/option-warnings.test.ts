import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWarnings, devServerWarnings, unknownOptionWarnings } from './option-warnings.js';
import type { NetworkKitPluginOptions } from './network-kit-options.js';

const withHttpServer = { hasHttpServer: true };

test('the documented options give no warning anywhere', () => {
  const options: NetworkKitPluginOptions = { config: { strict: true, useRelay: 'auto', device: { internetPermission: false } } };
  assert.deepEqual([...unknownOptionWarnings(options), ...buildWarnings(options), ...devServerWarnings(options, withHttpServer)], []);
  assert.deepEqual(buildWarnings({ relay: false }), []);
  assert.deepEqual(buildWarnings({ relay: {} }), []);
});

test('a name that is no option, or no setting, is named', () => {
  const [option, setting, ...rest] = unknownOptionWarnings({ relays: false, config: { strcit: true } } as never);
  assert.match(option ?? '', /^unknown option 'relays' ignored \(the options are 'relay', 'config'\)$/);
  assert.match(setting ?? '', /^unknown setting config\.strcit ignored \(the settings are 'relay', /);
  assert.deepEqual(rest, []);
});

test('relay options in a build: the build carries no relay, and the warning says what to do instead', () => {
  const [warning, ...rest] = buildWarnings({ relay: { sandboxDir: './app-files' } });
  assert.match(warning ?? '', /do nothing in a build: a build carries no relay/);
  assert.match(warning ?? '', /config\.relay/);
  assert.deepEqual(rest, []);
});

test("the dev server: its own host and port, and a config.relay beside the plugin's relay, are named as ignored", () => {
  const warnings = devServerWarnings({ relay: { port: 9 } as never, config: { relay: { url: 'ws://127.0.0.1:9/', token: 'x' } } }, withHttpServer);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /^relay\.port ignored: the relay answers on the dev server's own address/);
  assert.match(warnings[1] ?? '', /^config\.relay ignored: the plugin runs its own relay/);
  // With relay: false, config.relay is the page's relay: nothing to say.
  assert.deepEqual(devServerWarnings({ relay: false, config: { relay: { url: 'ws://127.0.0.1:9/', token: 'x' } } }, withHttpServer), []);
});

test('a dev server without an HTTP server of its own (middlewareMode) runs no relay, and says how to attach one', () => {
  const [warning, ...rest] = devServerWarnings({}, { hasHttpServer: false });
  assert.match(warning ?? '', /^no dev relay: .*middlewareMode.*createRelay\(\)\.attach/);
  assert.deepEqual(rest, []);
  assert.deepEqual(devServerWarnings({ relay: false }, { hasHttpServer: false }), []);
});
