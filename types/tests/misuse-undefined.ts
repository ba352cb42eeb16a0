// Negative type tests that need strictNullChecks and exactOptionalPropertyTypes: an
// explicit `undefined` where the device answers 401. Compiled by types/tsconfig.json only;
// under the README's tsconfig (strictNullChecks off, for the two reference examples that
// pass a maybe-undefined `options`) these calls compile, and the device rejects them.

import { http, webSocket } from '@kit.NetworkKit';

const ws = webSocket.createWebSocket();
const request = http.createHttp();

// @ts-expect-error an explicit undefined in the options position is a 401 on the device
ws.connect('ws://127.0.0.1:9/', undefined, () => {});
// @ts-expect-error an explicit undefined in the options position is a 401 on the device
ws.close(undefined, () => {});
// @ts-expect-error a present-but-undefined protocol is a 401 on the device (exactOptionalPropertyTypes)
ws.connect('ws://127.0.0.1:9/', { protocol: undefined });
// @ts-expect-error an explicit undefined in the options position is a 401 on the device (HTTP §2.1)
request.request('http://127.0.0.1:9/', undefined, () => {});
// @ts-expect-error the same for requestInStream
request.requestInStream('http://127.0.0.1:9/', undefined, () => {});
