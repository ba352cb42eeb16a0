/**
 * The callback and error types that OpenHarmony's `@ohos.base` provides and that
 * `@kit.BasicServicesKit` re-exports. The webSocket declarations build on them.
 *
 * @packageDocumentation
 */

/**
 * An error reported by an OpenHarmony API, identified by its numeric `code`.
 *
 * On the device the objects handed to callbacks, rejections and `error` listeners are
 * plain objects rather than `Error` instances: a failed method gives `{ code, message }`,
 * a client `error` event gives `{ code: 200, data: "<HTTP status or 0>" }` (no `message`),
 * a server `error` event gives `{ code: 200 }`. Compare `code`, never rely on `instanceof`.
 *
 * @typeParam T - Type of the optional `data` payload.
 * @since 6
 */
export interface BusinessError<T = void> extends Error {
  /**
   * The OpenHarmony error code, for example 401 (parameter error) or 2302001 (bad URL).
   *
   * @since 6
   */
  code: number;

  /**
   * Extra information about the error; for the client `error` event, the HTTP status of
   * the refused upgrade as a decimal string (`"0"` when there was none).
   *
   * @since 6
   */
  data?: T;
}

/**
 * The constructor behind the `BusinessError` value.
 *
 * @since 6
 */
export interface BusinessErrorConstructor {
  /**
   * Creates an error carrying an OpenHarmony error code.
   *
   * @param code - The OpenHarmony error code.
   * @param message - Human-readable description.
   * @param data - Extra information to attach as `data`.
   * @returns The new error.
   */
  new <T = void>(code: number, message?: string, data?: T): BusinessError<T>;

  /** The prototype shared by every instance this constructor makes. */
  readonly prototype: BusinessError<unknown>;
}

/**
 * The error class, present as a value so that `import { BusinessError }` keeps working
 * under `verbatimModuleSyntax` and `instanceof BusinessError` is expressible. Errors that
 * come from the device itself are not instances of it (see the interface of the same name).
 *
 * @since 6
 */
export declare const BusinessError: BusinessErrorConstructor;

/**
 * A Node-style completion callback: `err` describes a failure, `data` carries the result.
 *
 * On success the device calls it with `err` set to `undefined` (the SDK documents `null`)
 * and `data` set to the result; on failure `data` is `undefined`. Test `if (!err)`.
 *
 * @typeParam T - Type of the result.
 * @typeParam E - Type of the error's `data`.
 * @param err - The failure, or `undefined` on success.
 * @param data - The result, or `undefined` on failure.
 * @since 6
 */
export type AsyncCallback<T, E = void> = (err: BusinessError<E>, data: T) => void;

/**
 * A callback that receives one value and has no error channel.
 *
 * @typeParam T - Type of the value.
 * @param data - The value.
 * @since 6
 */
export type Callback<T> = (data: T) => void;

/**
 * A callback that receives only an error.
 *
 * @typeParam T - Type of the error, `BusinessError` unless stated.
 * @param err - The error.
 * @since 6
 */
export type ErrorCallback<T extends Error = BusinessError> = (err: T) => void;
