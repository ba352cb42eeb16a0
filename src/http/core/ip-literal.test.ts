import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIpLiteral } from './ip-literal.js';

test('IPv4 dotted quads without leading zeros', () => {
  for (const ok of ['0.0.0.0', '8.8.8.8', '255.255.255.255', '10.0.0.1']) assert.equal(isIpLiteral(ok), true, ok);
  for (const bad of ['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1.2.3.a', '', ' 1.2.3.4']) assert.equal(isIpLiteral(bad), false, bad);
});

test('IPv6 with one "::" at most and an optional dotted quad at the end', () => {
  for (const ok of ['::', '::1', '2001:db8::8:800:200c:417a', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'fe80::']) assert.equal(isIpLiteral(ok), true, ok);
  for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '[::1]', 'fe80::1%eth0', '1:2:3:4:5:6:7', ':1', 'dns.example']) {
    assert.equal(isIpLiteral(bad), false, bad);
  }
});
