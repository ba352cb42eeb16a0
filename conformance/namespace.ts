import { TEST_TOOL_WIRES, type CaseGroup, type Wire } from './case.js';

/** A namespace's inputs, started in the test process for one wire, and how to stop them. */
export interface StartedInputs<Inputs extends object> {
  readonly inputs: Inputs;
  stop(): Promise<void>;
}

/**
 * One namespace of `@kit.NetworkKit` as the suite runs it: its cases, the wires it has
 * and what its cases reach. The runners (node-wires.test.ts in Node,
 * test-browser/conformance.spec.ts in Chromium) know wires, not namespaces: they run
 * each namespace's groups on the namespace's wires, with the inputs it starts.
 */
export interface ConformanceNamespace<Inputs extends object> {
  /** As app code names it (`webSocket`, `http`): the suite's describe titles start with it. */
  readonly name: string;
  /** Its cases, a group per section of its specification, in the specification's order. */
  readonly groups: readonly CaseGroup<Inputs>[];
  /** The wires it has; every case runs on each of them but a test tool's (cases.test.ts). */
  readonly wires: readonly Wire[];
  /**
   * Starts, in the test process, what the cases on `wire` reach (servers on loopback, or
   * a test tool's network for `mock`): once per wire in Node, once per Playwright worker
   * and wire in Chromium. Stopping it ends everything it started.
   */
  start(wire: Wire): Promise<StartedInputs<Inputs>>;
}

/** The namespace's wires that users run: each of them runs every case. */
export function usersWires(namespace: ConformanceNamespace<object>): Wire[] {
  return namespace.wires.filter((wire) => !TEST_TOOL_WIRES.includes(wire));
}
