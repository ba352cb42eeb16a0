import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostOfUrl } from './url-host.js';

test('the host as the device cuts it: after "://", up to ":", "/" or "?"', () => {
  assert.equal(hostOfUrl('https://api.example.com:8443/p?q'), 'api.example.com');
  assert.equal(hostOfUrl('www.example.com'), 'www.example.com', 'no scheme: from the start');
  assert.equal(hostOfUrl('http://h?x'), 'h');
  assert.equal(hostOfUrl('http:\\\\h\\p'), 'h', 'backslashes are slashes');
  assert.equal(hostOfUrl('http:///h/p'), 'h', 'leading slashes are skipped');
  assert.equal(hostOfUrl(''), '');
  assert.equal(hostOfUrl('http://u:p@h/'), 'u', 'no notion of user info');
});
