import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeServers } from './describe-servers.js';

describe('describeServers', () => {
  it('follows the servers settings', () => {
    assert.equal(
      describeServers({ ports: { 8080: 0, 9000: 19000 } }),
      "on loopback, ports mapped 8080 → a free one, 9000 → 19000, others the app's own",
    );
    assert.match(describeServers({ loopbackOnly: false }), /^on the address the app asks/);
  });
});
