import assert from 'node:assert/strict';
import { test } from 'node:test';
import { casesOn, type Wire } from './case.js';
import { CASE_GROUPS } from './cases/index.js';

// A case a wire cannot run is left out of that wire's suite (casesOn). Only the mock,
// a test tool, may lack a case: the three wires users run (direct, relay, Node) run
// every one, so no device rule goes unchecked where it matters.
const USERS_WIRES: readonly Wire[] = ['direct', 'relay', 'node'];

test('every case runs on the direct, relay and Node wires; only the mock may leave one out, saying why', () => {
  for (const group of CASE_GROUPS) {
    for (const wire of USERS_WIRES) assert.equal(casesOn(group, wire).length, group.cases.length, `${group.section} on ${wire}`);
    for (const testCase of group.cases) {
      for (const [wire, why] of Object.entries(testCase.unsupported ?? {})) {
        assert.equal(wire, 'mock', testCase.title);
        assert.ok(why.length > 0, testCase.title);
      }
    }
  }
});

test("a wire's case is titled with its documented difference and expects the difference's answer", () => {
  const differing = CASE_GROUPS.flatMap((group) => group.cases).find((testCase) => testCase.differs?.direct !== undefined);
  assert.ok(differing, 'the suite has a case that differs in direct mode');
  const group = CASE_GROUPS.find((candidate) => candidate.cases.includes(differing));
  assert.ok(group);
  const onDirect = casesOn(group, 'direct').find((testCase) => testCase.run === differing.run);
  assert.equal(onDirect?.title, `${differing.title} [differs here: ${differing.differs?.direct?.why}]`);
  assert.deepEqual(onDirect?.expect, differing.differs?.direct?.expect);
  const onNode = casesOn(group, 'node').find((testCase) => testCase.run === differing.run);
  assert.deepEqual(onNode?.expect, differing.differs?.node?.expect ?? differing.expect);
});
