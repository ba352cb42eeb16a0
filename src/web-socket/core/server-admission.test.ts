import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clearAdmissionBans, ServerAdmission } from './server-admission.js';

describe('ServerAdmission (WS §6.2)', () => {
  afterEach(() => clearAdmissionBans());
  const admitted = (verdict: { admitted: boolean }): boolean => verdict.admitted;

  it('counts different client IPs against maxConcurrentClientsNumber, the newcomer included', () => {
    const admission = new ServerAdmission({ maxConcurrentClientsNumber: 2, maxConnectionsForOneClient: 10 });
    assert.ok(admitted(admission.admit('10.0.0.1')));
    assert.ok(admitted(admission.admit('10.0.0.2')));
    assert.ok(admitted(admission.admit('10.0.0.1')), 'a known IP is not a new client');
    assert.ok(!admitted(admission.admit('10.0.0.3')));
    admission.closed('10.0.0.2');
    assert.ok(admitted(admission.admit('10.0.0.3')));
  });

  it('limits the connections of one IP to maxConnectionsForOneClient', () => {
    const admission = new ServerAdmission({ maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 2 });
    assert.ok(admitted(admission.admit('10.0.0.1')));
    assert.ok(admitted(admission.admit('10.0.0.1')));
    assert.ok(!admitted(admission.admit('10.0.0.1')));
    admission.closed('10.0.0.1');
    assert.ok(admitted(admission.admit('10.0.0.1')));
  });

  it('missing limits are 0: nobody gets in (WS §6.1)', () => {
    assert.ok(!admitted(new ServerAdmission({ maxConcurrentClientsNumber: 0, maxConnectionsForOneClient: 0 }).admit('10.0.0.1')));
  });

  it('more than 50 accepted connections from one IP within 60 s bans it for 60 s, across servers', () => {
    let now = 1_000_000;
    const clock = () => now;
    const admission = new ServerAdmission({ maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }, clock);
    for (let count = 0; count < 50; count++) {
      assert.ok(admitted(admission.admit('10.0.0.9')), `connection ${count + 1}`);
      admission.closed('10.0.0.9');
      now += 100;
    }
    assert.match(JSON.stringify(admission.admit('10.0.0.9')), /banned/);
    const other = new ServerAdmission({ maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }, clock);
    assert.ok(!admitted(other.admit('10.0.0.9')), "the ban list is the process's");
    assert.ok(admitted(other.admit('10.0.0.8')));
    now += 60_001;
    assert.ok(admitted(other.admit('10.0.0.9')), 'the ban ends after 60 s');
  });

  it('connections older than 60 s do not count', () => {
    let now = 0;
    const admission = new ServerAdmission({ maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }, () => now);
    for (let count = 0; count < 200; count++) {
      assert.ok(admitted(admission.admit('10.0.0.7')), `connection ${count + 1}`);
      admission.closed('10.0.0.7');
      now += 1500;
    }
  });

  it('a stopped server lets nobody in', () => {
    const admission = new ServerAdmission({ maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 });
    admission.stop();
    assert.ok(!admitted(admission.admit('10.0.0.1')));
  });
});
