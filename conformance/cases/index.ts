import type { CaseGroup } from '../case.js';
import { CONNECT } from './connect.js';

/** Every group of the suite, in the specification's order. */
export const CASE_GROUPS: readonly CaseGroup[] = [CONNECT];
