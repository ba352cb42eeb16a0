import type { CaseGroup } from '../../case.js';
import type { HttpInputs } from '../inputs.js';
import { CALLING } from './calling.js';
import { COOKIES_AND_CACHE } from './cookies-cache.js';
import { EVENTS } from './events.js';
import { FAILURES } from './failures.js';
import { LIMITS } from './limits.js';
import { REQUEST } from './request.js';
import { RESPONSE } from './response.js';

/** Every group of http's cases, in the specification's order (docs/http-behavior.md). */
export const HTTP_GROUPS: readonly CaseGroup<HttpInputs>[] = [CALLING, REQUEST, RESPONSE, EVENTS, LIMITS, FAILURES, COOKIES_AND_CACHE];
