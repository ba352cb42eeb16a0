/**
 * Entry `ohos-netkit/basic-services-kit`: the part of OpenHarmony's
 * `@kit.BasicServicesKit` that WebSocket code uses.
 *
 * `BusinessError` is both a type and a value, so `import { BusinessError } from
 * '@kit.BasicServicesKit'` compiles with and without `verbatimModuleSyntax`; the others
 * are types only.
 *
 * @packageDocumentation
 */

export { BusinessError } from './base.js';
export type { AsyncCallback, BusinessErrorConstructor, Callback, ErrorCallback } from './base.js';
