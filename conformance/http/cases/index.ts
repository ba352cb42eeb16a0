import type { CaseGroup } from '../../case.js';
import type { HttpInputs } from '../inputs.js';

/** Every group of http's cases, in the specification's order (docs/http-behavior.md). */
export const HTTP_GROUPS: readonly CaseGroup<HttpInputs>[] = [];
