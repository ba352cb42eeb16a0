/**
 * Ambient module declarations for OpenHarmony's import names, so that unchanged ArkTS
 * sources type-check with plain `tsc`:
 *
 * ```ts
 * /// <reference types="ohos-netkit/ambient" />
 * ```
 *
 * or `"types": ["ohos-netkit/ambient"]` in tsconfig.json. At run time a bundler alias (or
 * an import map) must point the same names at the package's entries.
 *
 * This file must stay a script (no top-level import or export): only then are the
 * `declare module` blocks declarations rather than augmentations. They re-export by
 * package name because an ambient module may not import through a relative path.
 */

declare module '@kit.NetworkKit' {
  export * from 'ohos-netkit';
  export { default } from 'ohos-netkit';
}

declare module '@kit.BasicServicesKit' {
  export * from 'ohos-netkit/basic-services-kit';
}

declare module '@ohos.net.webSocket' {
  export { default } from 'ohos-netkit/ohos.net.webSocket';
}

declare module '@ohos.net.http' {
  export { default } from 'ohos-netkit/ohos.net.http';
}
