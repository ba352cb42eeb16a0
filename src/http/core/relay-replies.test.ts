import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpTransferFacts } from './http-wire.js';
import { readHttpReply } from './relay-replies.js';

const FACTS: HttpTransferFacts = {
  status: 200,
  redirectCount: 1,
  cookies: '127.0.0.1\tFALSE\t/\tFALSE\t0\tk\tv',
  timing: { dns: 0.5, tcp: 1, tls: 0, firstSend: 2, firstReceive: 3, totalFinish: 4, redirect: 0.25 },
  connection: {
    protocol: 'HTTP/1.1',
    tlsVersion: 7,
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    localAddress: '127.0.0.1',
    localPort: 50000,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    reused: false,
    viaProxy: false,
  },
};

describe("the page's reading of the relay's http replies (relay-messages.ts step 5)", () => {
  it('reads each kind, and ignores fields it does not know', () => {
    assert.deepEqual(readHttpReply('{"op":"send","sent":1,"total":2,"extra":true}'), { op: 'send', sent: 1, total: 2 });
    assert.deepEqual(readHttpReply('{"op":"receive","received":3,"total":0}'), { op: 'receive', received: 3, total: 0 });
    assert.deepEqual(
      readHttpReply(
        JSON.stringify({
          op: 'headers',
          status: 302,
          lines: [
            ['Location', '/x'],
            ['A', ''],
          ],
        }),
      ),
      {
        op: 'headers',
        status: 302,
        lines: [
          ['Location', '/x'],
          ['A', ''],
        ],
      },
    );
    assert.deepEqual(readHttpReply(JSON.stringify({ op: 'end', facts: FACTS })), { op: 'end', facts: FACTS });
    assert.deepEqual(readHttpReply('{"op":"failed","code":7,"why":"connect ECONNREFUSED"}'), { op: 'failed', code: 7, why: 'connect ECONNREFUSED' });
    assert.deepEqual(readHttpReply('{"op":"failed","code":6,"extendInfo":{"a":"b"},"why":5}'), { op: 'failed', code: 6, extendInfo: { a: 'b' } });
    const bare = readHttpReply(
      JSON.stringify({ op: 'end', facts: { ...FACTS, connection: { ...FACTS.connection, tlsVersion: undefined, cipherSuite: undefined } } }),
    );
    assert.ok(typeof bare !== 'string' && bare.op === 'end' && !('tlsVersion' in bare.facts.connection));
  });

  it('refuses anything else with a reason: the transfer then ends (curl 8)', () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['not json', /not JSON/],
      ['[]', /not an object/],
      ['{"sent":1}', /no op/],
      ['{"op":"opened"}', /unknown op "opened"/],
      ['{"op":"__proto__"}', /unknown op/],
      ['{"op":"send","sent":3,"total":2}', /send/],
      ['{"op":"send","sent":-1,"total":2}', /send/],
      ['{"op":"receive","received":"1","total":2}', /receive/],
      ['{"op":"headers","status":"200","lines":[]}', /headers\.status/],
      ['{"op":"headers","status":200,"lines":[["a"]]}', /headers\.lines/],
      ['{"op":"headers","status":200}', /headers\.lines/],
      ['{"op":"failed","code":0}', /failed\.code/],
      ['{"op":"failed","code":7,"extendInfo":{"a":1}}', /extendInfo/],
      ['{"op":"end"}', /end\.facts/],
      [JSON.stringify({ op: 'end', facts: { ...FACTS, status: '200' } }), /end\.facts\.status/],
      [JSON.stringify({ op: 'end', facts: { ...FACTS, timing: { ...FACTS.timing, dns: null } } }), /end\.facts\.timing/],
      [JSON.stringify({ op: 'end', facts: { ...FACTS, connection: { ...FACTS.connection, reused: 'no' } } }), /end\.facts\.connection/],
      [JSON.stringify({ op: 'end', facts: { ...FACTS, connection: { ...FACTS.connection, tlsVersion: '1.3' } } }), /tlsVersion/],
    ];
    for (const [text, reason] of cases) {
      const read = readHttpReply(text);
      assert.equal(typeof read, 'string', text);
      assert.match(read as string, reason, text);
    }
  });
});
