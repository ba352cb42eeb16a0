/**
 * The device-behaviour suite: each rule of the specification (docs/websocket-behavior.md)
 * that app code can observe, written once and run against every wire ohos-netkit has:
 *
 * - `mock`: the browser build's direct mode in Node, over mock-socket (fast; only what
 *   mock-socket can play of the servers' grammar);
 * - `direct`: the browser build's direct mode in real Chromium (the page's own WebSocket);
 * - `relay`: the browser build in real Chromium through the dev relay;
 * - `node`: the Node entry (ws, in process).
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

/** What a case gets where it runs. */
export interface CaseInput {
  /** ws://host:port of a server speaking src/testing/upstream-server.ts's grammar (append a path). */
  readonly server: string;
  /** ws://host:port where nothing listens: connecting fails. */
  readonly refused: string;
  /** ws://host:port of a listener that accepts TCP and never answers: the handshake never completes. */
  readonly silent: string;
  /** Which wire runs the case (for cases whose input depends on it, rarely needed). */
  readonly wire: Wire;
}

export interface ConformanceCase {
  /** The rule, with its section: what a reader of a failing run must understand. */
  readonly title: string;
  /** Runs where the wire runs; self-contained (see above). */
  readonly run: (input: CaseInput) => Promise<unknown>;
  /** The device's answer: what `run` must return (compared deeply). */
  readonly expect: unknown;
  /** Set in the page's / process's config before the case (NetkitConfig: device conditions, strict…). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Wires that cannot give the device's answer: why (the README's "Differences from the device"), and what they give. */
  readonly differs?: Partial<Readonly<Record<Wire, { readonly why: string; readonly expect: unknown }>>>;
  /** Wires the case cannot run on, and why (a limit of the test tool, not a difference of the wire). */
  readonly unsupported?: Partial<Readonly<Record<Wire, string>>>;
}

/** A section's cases, titled with it (e.g. 'WS §3.4 close and error'). */
export interface CaseGroup {
  readonly section: string;
  readonly cases: readonly ConformanceCase[];
}

/** A case as one wire runs it: its title there (naming a documented difference) and what it must give. */
export interface CaseOnWire {
  readonly title: string;
  readonly run: ConformanceCase['run'];
  readonly config: Readonly<Record<string, unknown>>;
  readonly expect: unknown;
}

/**
 * The cases of `group` that `wire` runs. A case the wire cannot run (`unsupported`) is
 * not registered there at all, rather than registered and skipped: the suite then
 * reports only what ran, and cases.test.ts keeps every case on the real wires.
 */
export function casesOn(group: CaseGroup, wire: Wire): CaseOnWire[] {
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
