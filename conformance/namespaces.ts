import { HTTP } from './http/namespace.js';
import type { ConformanceNamespace } from './namespace.js';
import { WEB_SOCKET } from './web-socket/namespace.js';

/** Every namespace the suite runs, each on its own wires (the runners iterate over this list). */
export const NAMESPACES: readonly ConformanceNamespace<object>[] = [WEB_SOCKET, HTTP];
