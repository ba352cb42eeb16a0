/**
 * A namespace's cases in Chromium (test-browser/conformance.spec.ts): the Playwright test
 * they run under. It is test-browser/fixtures.ts's (a fresh frame per test, the worker's
 * relay), extended with `caseInputOn`, which gives a case its namespace's inputs on a
 * wire: started by the namespace (ConformanceNamespace.start) on the worker's first test
 * on that wire, and stopped with the worker.
 *
 * A namespace whose cases need more of Playwright's world (a per-test server, the
 * relay's certificates, the page's origin) extends this test with fixtures of its own
 * and overrides `caseInputOn` to put them into the input, in
 * conformance/<namespace>/in-chromium.ts, listed in namespaces-in-chromium.ts. The runner
 * knows nothing of them: it asks for the frame, the relay and `caseInputOn` only.
 */
import type { RelayServer } from '../src/entries/relay/compose-relay.js';
import { test as base, type OpenConfiguredFrame } from '../test-browser/fixtures.js';
import type { CaseInput, Wire } from './case.js';
import type { ConformanceNamespace, StartedInputs } from './namespace.js';

/** What the runner asks of a namespace's test. */
export interface RunnerFixtures<Inputs extends object> {
  openConfiguredFrame: OpenConfiguredFrame;
  relay: RelayServer;
  /** The input of a case on `wire`. */
  caseInputOn: (wire: Wire) => Promise<CaseInput<Inputs>>;
}

/** The slice of a Playwright test the runner uses: any extension of inChromium's test has it. */
export interface ConformanceTest<Inputs extends object> {
  (title: string, body: (fixtures: RunnerFixtures<Inputs>) => Promise<void>): void;
  describe(title: string, body: () => void): void;
}

export interface NamespaceInChromium<Inputs extends object> {
  readonly namespace: ConformanceNamespace<Inputs>;
  readonly test: ConformanceTest<Inputs>;
}

interface InputsOfWorker<Inputs extends object> {
  /** The namespace's inputs on a wire, started on first use in this worker, stopped with it. */
  namespaceInputs: (wire: Wire) => Promise<Inputs>;
}

/** The namespace's test: fixtures.ts's, with the inputs its `start` gives (extend it for more). */
export function conformanceTest<Inputs extends object>(namespace: ConformanceNamespace<Inputs>) {
  return base.extend<Pick<RunnerFixtures<Inputs>, 'caseInputOn'>, InputsOfWorker<Inputs>>({
    namespaceInputs: [
      async ({}, use) => {
        const started = new Map<Wire, Promise<StartedInputs<Inputs>>>();
        await use(async (wire) => {
          let starting = started.get(wire);
          if (starting === undefined) {
            starting = namespace.start(wire);
            started.set(wire, starting);
          }
          return (await starting).inputs;
        });
        const outcomes = await Promise.allSettled(started.values());
        await Promise.all(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
      },
      { scope: 'worker' },
    ],
    caseInputOn: async ({ namespaceInputs }, use) => {
      await use(async (wire) => ({ ...(await namespaceInputs(wire)), wire }));
    },
  });
}

/** A namespace whose cases need nothing of Playwright's world beyond what its `start` gives. */
export function inChromium<Inputs extends object>(namespace: ConformanceNamespace<Inputs>): NamespaceInChromium<Inputs> {
  return { namespace, test: conformanceTest(namespace) };
}
