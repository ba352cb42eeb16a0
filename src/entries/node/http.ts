import { createHttpNamespace } from '../../http/core/http-namespace.js';
import { nodeWire } from '../../http/node/node-wire.js';

/**
 * Node's `http` namespace of `@kit.NetworkKit` / `@ohos.net.http`: the same request
 * objects as the browser's, performed in-process by the engine the dev relay uses
 * (node-wire.ts), with every option honoured and no outbound policy.
 */
export const http = createHttpNamespace(nodeWire);
