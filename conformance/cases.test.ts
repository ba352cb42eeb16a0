import assert from 'node:assert/strict';
import { test } from 'node:test';
import { casesOn, TEST_TOOL_WIRES } from './case.js';
import { usersWires } from './namespace.js';
import { NAMESPACES } from './namespaces.js';
import { WEB_SOCKET } from './web-socket/namespace.js';

// A case a wire cannot run is left out of that wire's suite (casesOn). Only a test
// tool's wire (the mock) may lack a case: the wires users run (direct, relay, Node, as
// far as the namespace has them) run every one, so no device rule goes unchecked where
// it matters.

for (const namespace of NAMESPACES) {
  test(`${namespace.name}: every case runs on the namespace's users' wires; only a test tool's wire may leave one out, saying why`, () => {
    assert.ok(usersWires(namespace).length > 0, `${namespace.name} has a wire users run`);
    for (const group of namespace.groups) {
      for (const wire of usersWires(namespace)) assert.equal(casesOn(group, wire).length, group.cases.length, `${group.section} on ${wire}`);
      for (const testCase of group.cases) {
        for (const [wire, why] of Object.entries(testCase.unsupported ?? {})) {
          assert.ok((TEST_TOOL_WIRES as readonly string[]).includes(wire), `${testCase.title}: unsupported on ${wire}`);
          assert.ok((namespace.wires as readonly string[]).includes(wire), `${testCase.title}: ${namespace.name} has no ${wire} wire`);
          assert.ok(why.length > 0, testCase.title);
        }
        for (const wire of Object.keys(testCase.differs ?? {})) {
          assert.ok(
            (namespace.wires as readonly string[]).includes(wire),
            `${testCase.title}: differs on ${wire}, which ${namespace.name} does not have`,
          );
        }
      }
    }
  });
}

test("a wire's case is titled with its documented difference and expects the difference's answer", () => {
  const differing = WEB_SOCKET.groups.flatMap((group) => group.cases).find((testCase) => testCase.differs?.direct !== undefined);
  assert.ok(differing, 'the suite has a case that differs in direct mode');
  const group = WEB_SOCKET.groups.find((candidate) => candidate.cases.includes(differing));
  assert.ok(group);
  const onDirect = casesOn(group, 'direct').find((testCase) => testCase.run === differing.run);
  assert.equal(onDirect?.title, `${differing.title} [differs here: ${differing.differs?.direct?.why}]`);
  assert.deepEqual(onDirect?.expect, differing.differs?.direct?.expect);
  const onNode = casesOn(group, 'node').find((testCase) => testCase.run === differing.run);
  assert.deepEqual(onNode?.expect, differing.differs?.node?.expect ?? differing.expect);
});
