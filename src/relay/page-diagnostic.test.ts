import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WHY_CHARS } from '../protocol/relay-protocol.js';
import { whyForPage } from './page-diagnostic.js';

describe('whyForPage: the `why` a reply carries', () => {
  const token = 'a'.repeat(8) + 'f00d'.repeat(14);

  it('is the reason on one line', () => {
    assert.equal(
      whyForPage('write EPROTO 80ACE5:error:0A00010B:SSL routines::wrong version number:ssl3_record.c:350:\n', token),
      'write EPROTO 80ACE5:error:0A00010B:SSL routines::wrong version number:ssl3_record.c:350:',
    );
  });

  it('never holds the relay token, wherever it got in', () => {
    assert.equal(whyForPage(`header name "x${token}y" and ${token}`, token), 'header name "x[token]y" and [token]');
  });

  it(`is cut to ${MAX_WHY_CHARS} characters, with an ellipsis, never in the middle of a surrogate pair`, () => {
    const long = whyForPage('x'.repeat(MAX_WHY_CHARS * 2), token);
    assert.equal(long.length, MAX_WHY_CHARS);
    assert.ok(long.endsWith('…'));
    assert.equal(whyForPage('x'.repeat(MAX_WHY_CHARS), token), 'x'.repeat(MAX_WHY_CHARS));
    // An emoji (two code units) right across the cut.
    const across = whyForPage(`${'x'.repeat(MAX_WHY_CHARS - 2)}😀${'y'.repeat(10)}`, token);
    assert.equal(across, `${'x'.repeat(MAX_WHY_CHARS - 2)}…`);
    assert.doesNotMatch(across, /[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
