import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseHeaders } from './response-headers.js';

test('HTTP §13.4 row 15: last value wins, set-cookie an array, empty values left out, no status-line', () => {
  const headers = new ResponseHeaders();
  headers.add({
    status: 200,
    lines: [
      ['X-A', '1'],
      ['Content-Type', ' text/plain '],
      ['X-A', '2'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['X-Empty', ''],
    ],
  });
  const header = headers.responseObject();
  assert.deepEqual(header, { 'content-type': 'text/plain', 'x-a': '2', 'set-cookie': ['a=1', 'b=2'] });
  assert.deepEqual(Object.keys(header), ['content-type', 'x-a', 'set-cookie'], 'lexicographic, set-cookie last');
  assert.ok(!('status-line' in header));
});

test('an empty later value hides an earlier one; only spaces are stripped, a tab stays', () => {
  const headers = new ResponseHeaders();
  headers.add({
    status: 200,
    lines: [
      ['X-A', '1'],
      ['X-A', ''],
      [' X-T ', '\tv\t'],
    ],
  });
  assert.deepEqual(headers.responseObject(), { 'x-t': '\tv\t' });
});

test('HTTP §13.4 row 16: redirect hops are merged and earlier set-cookies come again with each block', () => {
  const headers = new ResponseHeaders();
  headers.add({
    status: 302,
    lines: [
      ['Location', '/next'],
      ['Set-Cookie', 'hop=1'],
      ['Server', 'one'],
    ],
  });
  headers.add({
    status: 200,
    lines: [
      ['Server', 'two'],
      ['Set-Cookie', 'final=2'],
    ],
  });
  assert.deepEqual(headers.responseObject(), { location: '/next', server: 'two', 'set-cookie': ['hop=1', 'hop=1', 'final=2'] });
});

test('a header event lists set-cookie in its alphabetical place, joined and split again (empty entries inside kept)', () => {
  const headers = new ResponseHeaders();
  headers.add({
    status: 200,
    lines: [
      ['Vary', 'x'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', ''],
      ['Set-Cookie', 'b=2'],
      ['Server', 's'],
    ],
  });
  const event = headers.eventObject();
  assert.deepEqual(Object.keys(event), ['server', 'set-cookie', 'vary']);
  assert.deepEqual(event['set-cookie'], ['a=1', '', 'b=2']);
  assert.deepEqual(headers.responseObject()['set-cookie'], ['a=1', '', 'b=2']);
  const trailing = new ResponseHeaders();
  trailing.add({
    status: 200,
    lines: [
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', ''],
    ],
  });
  assert.deepEqual(trailing.eventObject()['set-cookie'], ['a=1'], 'a trailing empty cookie is lost in the event');
});

test('a 100-continue block before the answer is a block like any other', () => {
  const headers = new ResponseHeaders();
  headers.add({ status: 100, lines: [] });
  assert.deepEqual(headers.eventObject(), {});
  headers.add({ status: 200, lines: [['A', 'b']] });
  assert.deepEqual(headers.eventObject(), { a: 'b' });
});

test('a cached response is read once: no repeated set-cookies', () => {
  const blocks = [
    { status: 302, lines: [['Set-Cookie', 'hop=1']] as [string, string][] },
    { status: 200, lines: [['Set-Cookie', 'final=2']] as [string, string][] },
  ];
  assert.deepEqual(ResponseHeaders.readOnce(blocks).responseObject(), { 'set-cookie': ['hop=1', 'final=2'] });
});
