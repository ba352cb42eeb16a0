import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { singleLine } from './single-line.js';

describe('singleLine', () => {
  it("puts OpenSSL's error string, which ends in a newline, on one line, inside a log line too", () => {
    const openssl = '80ACE572247F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl3_record.c:350:\n';
    assert.equal(singleLine(openssl), openssl.trimEnd());
    assert.equal(singleLine(`failed (write EPROTO ${openssl}) → failed 0`), `failed (write EPROTO ${openssl.trimEnd()}) → failed 0`);
  });

  it('joins the lines of a stack with " | "', () => {
    assert.equal(singleLine('Error: boom\n    at a (x.js:1:1)\r\n    at b (y.js:2:2)'), 'Error: boom | at a (x.js:1:1) | at b (y.js:2:2)');
  });

  it('leaves no line break of any kind, and no control character that could move a terminal cursor', () => {
    const text = singleLine('a\rb\u2028c\u2029d\u0085e\vf\fg\n\n\nh\tj \u001b[2J k\u0000');
    assert.equal(text, 'a | b | c | d | e | f | g | h j \\u001b[2J k\\u0000');
    // eslint-disable-next-line no-control-regex -- what must not be there
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('keeps a line as it is', () => {
    assert.equal(singleLine('connect ECONNREFUSED 127.0.0.1:1234'), 'connect ECONNREFUSED 127.0.0.1:1234');
  });
});
