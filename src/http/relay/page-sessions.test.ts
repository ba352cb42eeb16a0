import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '../../testing/within.js';
import { PageSessions } from './page-sessions.js';

/** Puts a cookie into `session`'s jar for `object`. */
function setCookie(sessions: PageSessions, session: string, object: string): void {
  sessions.jars.jarOf(PageSessions.jarKey(session, object)).setCookieSync('k=v', 'http://127.0.0.1/');
}

function hasCookie(sessions: PageSessions, session: string, object: string): boolean {
  return sessions.jars.jarOf(PageSessions.jarKey(session, object)).getCookiesSync('http://127.0.0.1/').length > 0;
}

describe('page sessions: the cookie jars of the pages (HTTP §7.4)', () => {
  it("keeps a session's jars between its transfers, and another session's apart", () => {
    const sessions = new PageSessions();
    sessions.join('a');
    setCookie(sessions, 'a', 'o1');
    sessions.leave('a', false);
    sessions.join('a');
    assert.ok(hasCookie(sessions, 'a', 'o1'));
    assert.ok(!hasCookie(sessions, 'b', 'o1'));
    sessions.leave('a', false);
    sessions.close();
  });

  it('forgets them when the page goes away with its last transfer, not before', () => {
    const sessions = new PageSessions();
    sessions.join('a');
    sessions.join('a');
    setCookie(sessions, 'a', 'o1');
    setCookie(sessions, 'b', 'o1');
    sessions.leave('a', true);
    assert.ok(hasCookie(sessions, 'a', 'o1'), 'a transfer of the session is still under way');
    sessions.leave('a', true);
    assert.ok(!hasCookie(sessions, 'a', 'o1'));
    assert.ok(hasCookie(sessions, 'b', 'o1'));
    sessions.close();
  });

  it('forgets them once the session has been idle for its bound', async () => {
    const sessions = new PageSessions(20);
    sessions.join('a');
    setCookie(sessions, 'a', 'o1');
    sessions.leave('a', false);
    await until(() => sessions.size === 0, 'the idle session to be forgotten', 2000);
    assert.ok(!hasCookie(sessions, 'a', 'o1'));
    sessions.close();
  });

  it('bounds sessions (the idlest goes first) and jars', () => {
    const sessions = new PageSessions(60_000, 3, 2);
    sessions.join('busy');
    sessions.join('idle');
    setCookie(sessions, 'idle', 'o1');
    sessions.leave('idle', false);
    sessions.join('new');
    assert.equal(sessions.size, 2);
    assert.ok(!hasCookie(sessions, 'idle', 'o1'));
    for (const object of ['o1', 'o2', 'o3', 'o4']) setCookie(sessions, 'busy', object);
    assert.equal(sessions.jars.size, 3);
    sessions.close();
    assert.equal(sessions.jars.size, 0);
  });
});
