import { inChromium, type NamespaceInChromium } from './in-chromium.js';
import { NAMESPACES } from './namespaces.js';

/**
 * Namespaces whose cases need fixtures of their own in Chromium (each from its
 * conformance/<namespace>/in-chromium.ts, see in-chromium.ts); none so far: the inputs
 * webSocket's `start` gives are all its cases need.
 */
const WITH_FIXTURES_OF_THEIR_OWN: readonly NamespaceInChromium<object>[] = [];

/** Every namespace of the suite, with the Playwright test its cases run under in Chromium. */
export const NAMESPACES_IN_CHROMIUM: readonly NamespaceInChromium<object>[] = NAMESPACES.map(
  (namespace) => WITH_FIXTURES_OF_THEIR_OWN.find((own) => own.namespace === namespace) ?? inChromium(namespace),
);
