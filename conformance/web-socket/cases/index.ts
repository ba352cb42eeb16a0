import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';
import { CLOSE } from './close.js';
import { CONDITIONS } from './conditions.js';
import { CONNECT } from './connect.js';
import { ERRORS } from './errors.js';
import { EVENTS } from './events.js';
import { OPTIONS } from './options.js';
import { PROTOCOL } from './protocol.js';
import { SEND } from './send.js';
import { SERVER } from './server.js';
import { SERVER_LIFE } from './server-life.js';

/** Every group of webSocket's cases, in the specification's order. */
export const WEB_SOCKET_GROUPS: readonly CaseGroup<WebSocketInputs>[] = [
  ERRORS,
  EVENTS,
  CONNECT,
  CLOSE,
  SEND,
  OPTIONS,
  PROTOCOL,
  CONDITIONS,
  SERVER,
  SERVER_LIFE,
];
