import type { HttpWireRequest } from '../../core/http-wire.js';
import { recordTransfer, type RunningTransfer, type TransferRecord } from '../../core/testing/record-transfer.js';
import { OutboundGuard } from '../../../net/outbound-policy.js';
import { CookieJars } from '../cookie-jars.js';
import type { HttpEngineContext, HttpEngineTransfer } from '../engine-context.js';
import { perform } from '../perform.js';

export { transportOptions, wireRequest } from '../../core/testing/wire-request.js';

/** A context that may reach loopback only (the tests' servers), with a log the tests can read. */
export function testContext(overrides: Partial<HttpEngineContext> = {}): HttpEngineContext & { readonly logged: string[] } {
  const logged: string[] = [];
  return {
    files: undefined,
    guard: new OutboundGuard({ allowLoopbackOnly: true }, () => []),
    env: {},
    allowLoopbackOnly: true,
    cookieJars: new CookieJars(),
    log: (level, message) => logged.push(`${level}: ${message}`),
    ...overrides,
    logged,
  };
}

/** Starts a transfer on the engine. */
export function startTransfer(
  request: HttpWireRequest,
  context: HttpEngineContext = testContext(),
  ms = 20_000,
): RunningTransfer<HttpEngineTransfer, Buffer> {
  return recordTransfer(request, (events) => perform(request, context, events), { ms, join: (chunks) => Buffer.concat(chunks) });
}

/** Runs one transfer to its end. */
export function runTransfer(request: HttpWireRequest, context?: HttpEngineContext): Promise<TransferRecord<Buffer>> {
  return startTransfer(request, context).done;
}
