import { createRequire } from 'node:module';

/** bufferutil's unmask, the native one ws uses (an optional dependency), when it loads. */
type NativeUnmask = (data: Buffer, mask: Uint8Array) => void;

/** Below this, a JS loop beats the call into native code (ws' own threshold). */
const NATIVE_FROM_BYTES = 32;

const nativeUnmask = loadNativeUnmask();

function loadNativeUnmask(): NativeUnmask | undefined {
  // ws' switch for bufferutil, honoured here too: the relay then unmasks as ws does.
  if (process.env.WS_NO_BUFFER_UTIL) return undefined;
  try {
    return (createRequire(import.meta.url)('bufferutil') as { unmask: NativeUnmask }).unmask;
  } catch {
    return undefined;
  }
}

/**
 * Unmasks, where it lies, `data`: the payload bytes of one masked frame from `offset`
 * on (a frame's payload may come in several pieces), masked with the 4-byte `key`.
 */
export function unmaskInPlace(data: Buffer, key: Uint8Array, offset: number): void {
  const shift = offset & 3;
  const mask = shift === 0 ? key : Buffer.from([key[shift]!, key[(shift + 1) & 3]!, key[(shift + 2) & 3]!, key[(shift + 3) & 3]!]);
  if (nativeUnmask !== undefined && data.length >= NATIVE_FROM_BYTES) {
    nativeUnmask(data, mask);
    return;
  }
  for (let index = 0; index < data.length; index++) data[index]! ^= mask[index & 3]!;
}
