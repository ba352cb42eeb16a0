import { createHttpNamespace } from '../../http/core/http-namespace.js';
import { pageWire } from '../../http/browser/choose-wire.js';

/**
 * The browser's `http` namespace of `@kit.NetworkKit` / `@ohos.net.http`: its requests
 * go through the page's own fetch or the dev relay, chosen per request (choose-wire.ts).
 * Marked pure so that an app that imports only `webSocket` bundles none of it.
 */
export const http = /* @__PURE__ */ createHttpNamespace(pageWire);
