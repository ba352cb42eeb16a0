/**
 * `ohos-netkit/basic-services-kit`: a runtime `BusinessError` for builds that keep
 * `import { BusinessError } from '@kit.BasicServicesKit'` (verbatimModuleSyntax,
 * plain ESM in a page); on the device it is a type only.
 */
export { BusinessError } from '../core/business-error.js';
