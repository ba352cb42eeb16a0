/**
 * The device-behaviour suite: each rule of a namespace's specification
 * (docs/websocket-behavior.md, docs/http-behavior.md) that app code can observe, written
 * once and run against every wire ohos-netkit has for that namespace (namespace.ts says
 * which). The wires:
 *
 * - `mock`: the browser build's direct mode in Node, over a test tool's network
 *   (webSocket's: mock-socket, playing only what it can of the servers' grammar);
 * - `direct`: the browser build's direct mode in real Chromium (the page's own network);
 * - `relay`: the browser build in real Chromium through the dev relay;
 * - `node`: the Node entry (in process).
 *
 * A case's `run` is executed where the wire runs (in a page, or in Node), so it must be
 * self-contained: it may use its input, the API under test (`globalThis.kit`) and the
 * recording helpers (`globalThis.helpers`, test-browser/support/page-helpers.ts), and
 * nothing from the module it is written in (Playwright sends its source to the page).
 * It returns plain data, which the test process compares with `expect`. Where a wire
 * cannot match the device, the case says so with the README's reason and pins what that
 * wire does instead; where a wire cannot run a case at all (mock-socket cannot refuse an
 * upgrade), `unsupported` says why. "The wires cannot disagree" is shown, case by case.
 */

export type Wire = 'mock' | 'direct' | 'relay' | 'node';

export const WIRES: readonly Wire[] = ['mock', 'direct', 'relay', 'node'];

/**
 * The wires of a test tool rather than of users: the only ones on which a case may be
 * `unsupported` (cases.test.ts), because a tool's limit hides no device rule from users.
 */
export const TEST_TOOL_WIRES: readonly Wire[] = ['mock'];

/** What a case gets where it runs: its namespace's inputs (the servers it reaches), and the wire. */
export type CaseInput<Inputs extends object> = Inputs & {
  /** Which wire runs the case (for cases whose input depends on it, rarely needed). */
  readonly wire: Wire;
};

export interface ConformanceCase<Inputs extends object> {
  /** The rule, with its section: what a reader of a failing run must understand. */
  readonly title: string;
  /**
   * Runs where the wire runs; self-contained (see above). Written as a method so that a
   * namespace's groups can be listed beside another's (namespace.ts): only the runner
   * that started a namespace's inputs calls its cases.
   */
  run(input: CaseInput<Inputs>): Promise<unknown>;
  /** The device's answer: what `run` must return (compared deeply). */
  readonly expect: unknown;
  /** Set in the page's / process's config before the case (NetkitConfig: device conditions, strict…). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Wires that cannot give the device's answer: why (the README's "Differences from the device"), and what they give. */
  readonly differs?: Partial<Readonly<Record<Wire, { readonly why: string; readonly expect: unknown }>>>;
  /** Wires the case cannot run on, and why (a limit of the test tool, not a difference of the wire). */
  readonly unsupported?: Partial<Readonly<Record<Wire, string>>>;
}

/** A section's cases, titled with it (e.g. 'close and how connections end (WS §3.4, §4)'). */
export interface CaseGroup<Inputs extends object> {
  readonly section: string;
  readonly cases: readonly ConformanceCase<Inputs>[];
}

/** A case as one wire runs it: its title there (naming a documented difference) and what it must give. */
export interface CaseOnWire<Inputs extends object> {
  readonly title: string;
  readonly run: ConformanceCase<Inputs>['run'];
  readonly config: Readonly<Record<string, unknown>>;
  readonly expect: unknown;
}

/**
 * The cases of `group` that `wire` runs. A case the wire cannot run (`unsupported`) is
 * not registered there at all, rather than registered and skipped: the suite then
 * reports only what ran, and cases.test.ts keeps every case on the users' wires.
 */
export function casesOn<Inputs extends object>(group: CaseGroup<Inputs>, wire: Wire): CaseOnWire<Inputs>[] {
  return group.cases
    .filter((testCase) => testCase.unsupported?.[wire] === undefined)
    .map((testCase) => {
      const differs = testCase.differs?.[wire];
      return {
        title: differs === undefined ? testCase.title : `${testCase.title} [differs here: ${differs.why}]`,
        run: testCase.run,
        config: testCase.config ?? {},
        expect: differs === undefined ? testCase.expect : differs.expect,
      };
    });
}
